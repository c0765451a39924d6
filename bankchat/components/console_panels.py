"""The manager console's panels: hand-off queue, live conversations, transcript, audit log, sync health."""

from typing import Any

import reflex as rx
from reflex.vars.sequence import ArrayVar

from bankchat.components.parts import (
    column,
    data_table,
    ghost_icon_button,
    icon_text_button,
    muted,
    row,
    small_button,
    text_field,
    unless_empty,
)
from bankchat.components.safe_markdown import plain_text, safe_markdown
from bankchat.settings import get_settings
from bankchat.state.console_rows import AuditRow, MismatchRow, QueueRow, SessionRow, TranscriptRow
from bankchat.state.console_state import ConsoleState

STATUS_COLORS = {"queued": "amber", "claimed": "grass"}


def panel(title: str, *children: rx.Component, actions: rx.Component | None = None, **props: object) -> rx.Component:
    """A titled card."""
    return rx.card(
        column(row(rx.heading(title, size="3"), rx.spacer(), actions or rx.fragment()), *children, spacing="3"),
        width="100%",
        **props,
    )


def list_panel(title: str, items: ArrayVar[Any], content: rx.Component, *, empty: str, **props: object) -> rx.Component:
    """A titled card listing ``items`` as ``content``, or saying ``empty`` while there are none."""
    return panel(title, unless_empty(items, content, empty=empty), **props)


def _status_badge(status: rx.Var) -> rx.Component:
    return rx.cond(
        status != "",
        rx.badge(status, color_scheme=rx.match(status, ("queued", "amber"), ("claimed", "grass"), "gray")),
    )


def _opens(on_open: rx.event.EventSpec, selected: rx.Var[bool], kind: str) -> dict[str, Any]:
    """The props of a row that opens a conversation when clicked, marked ``<kind>-selected`` while open."""
    return {"on_click": on_open, "class_name": rx.cond(selected, f"{kind} {kind}-selected", kind)}


def _open_button(label: rx.Var, on_open: rx.event.EventSpec) -> rx.Component:
    """The keyboard's way into a clickable row: a real button (the row's own click stays for the mouse)."""
    return rx.el.button(
        label,
        type="button",
        on_click=on_open.stop_propagation,  # opened once, not again by the row around it
        class_name="row-open",
    )


def _queue_item(item: QueueRow) -> rx.Component:
    return rx.box(
        row(
            _open_button(item.customer, ConsoleState.open_handoff(item.ref)),
            _status_badge(item.status),
            rx.spacer(),
            muted("waiting " + item.waiting),
        ),
        muted(item.summary, class_name="queue-summary"),
        rx.cond(item.claimed_by != "", rx.text("Held by " + item.claimed_by, size="1", color_scheme="grass")),
        **_opens(ConsoleState.open_handoff(item.ref), item.selected, "console-item"),
        data_testid="queue-item",
    )


def handoff_queue() -> rx.Component:
    return list_panel(
        "Hand-off queue",
        ConsoleState.queue,
        column(rx.foreach(ConsoleState.queue, _queue_item), spacing="2"),
        empty="Nobody is waiting for a person.",
        id="handoff-queue",
    )


def _session_line(row: SessionRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(_open_button(row.customer, ConsoleState.open_session(row.ref))),
        rx.table.cell(rx.text(row.title, class_name="console-ellipsis")),
        rx.table.cell(row.started),
        rx.table.cell(row.last_activity),
        rx.table.cell(row.messages),
        rx.table.cell(muted(row.agents)),
        rx.table.cell(_status_badge(row.handoff)),
        **_opens(ConsoleState.open_session(row.ref), row.selected, "console-row"),
        data_testid="session-row",
    )


def active_sessions() -> rx.Component:
    return list_panel(
        "Active conversations",
        ConsoleState.sessions,
        rx.scroll_area(
            data_table(
                ("Customer", "Title", "Started", "Last activity", "Msgs", "Agents", ""),
                ConsoleState.sessions,
                _session_line,
            ),
            type="auto",
            scrollbars="both",
            max_height="340px",
        ),
        empty="No active conversations.",
        id="active-sessions",
    )


def _transcript_message(row: TranscriptRow) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.text(row.speaker, size="1", weight="medium"),
            muted(row.time),
            spacing="2",
        ),
        # Only staff and bot text is Markdown; a customer's words stay literal (a beacon image,
        # a phishing link or a fake "### BankChat" heading would otherwise act on the staff's screen).
        rx.cond(
            (row.role == "assistant") | (row.role == "staff"),
            safe_markdown(row.content, class_name="console-markdown"),
            plain_text(row.content, size="2", class_name="console-plain"),
        ),
        class_name="console-message console-message-" + row.role,
        data_role=row.role,
    )


def _staff_composer() -> rx.Component:
    return rx.form(
        rx.hstack(
            text_field(
                ConsoleState.staff_draft,
                ConsoleState.set_staff_draft,
                label="Message to the customer",
                max_length=get_settings().max_message_chars,
                multiline=True,
                placeholder="Write to the customer as BankChat staff…",
                id="staff-input",
                name="staff_message",
                rows="2",
                flex="1",
                enter_key_submit=True,
            ),
            icon_text_button("send", "Send", type="submit", id="staff-send"),
            align="end",
            width="100%",
        ),
        on_submit=ConsoleState.send_staff,
        reset_on_submit=False,
        width="100%",
    )


def _transcript_actions() -> rx.Component:
    return rx.hstack(
        rx.cond(
            ConsoleState.handoff == "queued",
            icon_text_button("headset", "Claim conversation", on_click=ConsoleState.claim, id="claim-button"),
        ),
        rx.cond(
            ConsoleState.held_by_me,
            icon_text_button(
                "bot", "Hand back to the bot", on_click=ConsoleState.hand_back, variant="soft", id="hand-back-button"
            ),
        ),
        ghost_icon_button("x", "Close transcript", on_click=ConsoleState.close_transcript),
        spacing="2",
        align="center",
    )


def transcript() -> rx.Component:
    return panel(
        "Transcript",
        rx.cond(
            ConsoleState.transcript_title != "",
            column(
                row(
                    rx.text(ConsoleState.transcript_customer, weight="medium", size="2"),
                    rx.text("·", color_scheme="gray"),
                    rx.text(ConsoleState.transcript_title, size="2", class_name="console-ellipsis"),
                    _status_badge(ConsoleState.handoff),
                    rx.spacer(),
                    rx.code(ConsoleState.transcript_session, size="1", variant="ghost"),
                ),
                rx.box(
                    column(rx.foreach(ConsoleState.transcript, _transcript_message), spacing="2"),
                    class_name="console-transcript",
                    id="console-transcript",
                ),
                rx.cond(ConsoleState.held_by_me, _staff_composer()),
                muted("Opening a transcript is recorded in the audit log."),
                spacing="3",
            ),
            muted("Pick a conversation in the queue or the list to read it.", size="2"),
        ),
        actions=rx.cond(ConsoleState.transcript_title != "", _transcript_actions()),
        id="transcript-panel",
    )


def _audit_line(row: AuditRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row.time),
        rx.table.cell(row.actor),
        rx.table.cell(rx.badge(row.action, variant="soft", color_scheme="gray")),
        rx.table.cell(row.customer),
        rx.table.cell(rx.code(row.session, size="1", variant="ghost")),
        data_testid="audit-row",
    )


def audit_log() -> rx.Component:
    return panel(
        "Audit log",
        data_table(("Time (UTC)", "Staff", "Action", "Customer", "Session"), ConsoleState.audit, _audit_line),
        actions=small_button("download", "Export CSV", on_click=ConsoleState.export_audit, id="export-audit"),
        id="audit-log",
    )


def _mismatch_line(row: MismatchRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.code(row.session, size="1")), rx.table.cell(row.problem), rx.table.cell(row.detail)
    )


def sync_health() -> rx.Component:
    return panel(
        "Session sync",
        rx.hstack(
            rx.cond(
                ConsoleState.sync_status == "ok",
                rx.badge(rx.icon("circle-check", size=14), "In sync", color_scheme="grass", size="2"),
                rx.badge(rx.icon("triangle-alert", size=14), "Mismatch", color_scheme="red", size="2"),
            ),
            muted(ConsoleState.sync_summary),
            align="center",
            spacing="3",
            wrap="wrap",
        ),
        rx.cond(
            ConsoleState.sync_mismatches.length() > 0,
            rx.table.root(rx.table.body(rx.foreach(ConsoleState.sync_mismatches, _mismatch_line)), size="1"),
        ),
        actions=small_button("refresh-cw", "Check now", on_click=ConsoleState.check_sync, id="sync-check"),
        id="sync-health",
    )
