"""The manager console: watch live conversations, take over a hand-off, approve held payments, decide disputes,
read the audit log."""

import reflex as rx

from bankchat.components.brand import brand, color_mode_button
from bankchat.components.console_disputes import dispute_queue
from bankchat.components.console_metrics import metrics_panel
from bankchat.components.console_panels import (
    active_sessions,
    audit_log,
    handoff_queue,
    sync_health,
    transcript,
)
from bankchat.components.console_reviews import review_queue
from bankchat.components.parts import column, ghost_icon_button, header_bar, muted, small_button
from bankchat.state.console_metrics_state import ConsoleMetricsState
from bankchat.state.console_state import ConsoleState

REFRESH_MS = 3000
METRICS_REFRESH_MS = 30_000


def _header() -> rx.Component:
    return header_bar(
        brand(),
        rx.badge("Manager console", variant="soft", size="2", display=["none", "inline-flex"]),
        rx.spacer(),
        muted(ConsoleState.display_name, size="2", display=["none", "none", "block"]),
        rx.link(small_button("message-circle", "My chat"), href="/chat"),
        color_mode_button(),
        ghost_icon_button("log-out", "Sign out", on_click=ConsoleState.logout),
        # Live: the lists and the open transcript refresh every few seconds.
        rx.moment(interval=REFRESH_MS, on_change=ConsoleState.refresh, display="none"),
        rx.moment(interval=METRICS_REFRESH_MS, on_change=ConsoleMetricsState.tick, display="none"),
        width="100%",
    )


def console_page() -> rx.Component:
    """Manager role only (ConsoleState.open_console sends anyone else away)."""
    return rx.box(
        _header(),
        rx.cond(
            ConsoleState.loaded,
            rx.box(
                rx.box(metrics_panel(), on_mount=ConsoleMetricsState.load, width="100%"),
                rx.grid(
                    column(
                        handoff_queue(), review_queue(), dispute_queue(), active_sessions(), sync_health(), spacing="4"
                    ),
                    column(transcript(), audit_log(), spacing="4"),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="4",
                    width="100%",
                ),
                class_name="console-body",
            ),
            rx.center(rx.spinner(size="3"), padding_y="6em"),
        ),
        class_name="console-layout",
    )
