"""The manager console's dispute panel: open cases, each with refund and reject (a note is required to reject)."""

import reflex as rx

from bankchat.components.console_panels import panel
from bankchat.components.parts import column, muted, row, small_button, unless_empty
from bankchat.state.dispute_console_state import DisputeConsoleState, DisputeRow

REFRESH_MS = 3000


def _dispute_line(case: DisputeRow) -> rx.Component:
    return rx.box(
        row(
            rx.text(case.reference, weight="bold", size="2"),
            muted(case.customer),
            rx.spacer(),
            muted("opened " + case.opened),
        ),
        rx.text(case.amount + " to " + case.merchant + " on " + case.paid_on, size="2"),
        muted("Reason: " + case.reason),
        rx.cond(case.words != "", muted("“" + case.words + "”", class_name="queue-summary")),
        row(
            small_button("rotate-ccw", "Refund", on_click=DisputeConsoleState.refund(case.ref)),
            small_button("x", "Reject with note", on_click=DisputeConsoleState.reject(case.ref)),
        ),
        class_name="console-item",
        data_testid="dispute-item",
    )


def dispute_queue() -> rx.Component:
    """Open dispute cases, with refund and reject (the note below is required to reject)."""
    return panel(
        "Disputes",
        unless_empty(
            DisputeConsoleState.cases,
            column(rx.foreach(DisputeConsoleState.cases, _dispute_line), spacing="2"),
            empty="No open disputes.",
        ),
        rx.text_area(
            value=DisputeConsoleState.note,
            on_change=DisputeConsoleState.set_note,
            placeholder="Note for the customer (required to reject)…",
            id="dispute-note",
            aria_label="Note for the decision",
            max_length=500,
            rows="2",
            width="100%",
        ),
        rx.moment(interval=REFRESH_MS, on_change=DisputeConsoleState.refresh, display="none"),
        id="dispute-queue",
        on_mount=DisputeConsoleState.refresh,
    )
