"""The console's monitoring panel: key figures, activity over time, feedback per agent."""

from __future__ import annotations

import reflex as rx

from bankchat.components.parts import column, data_table, muted, row, small_button, unless_empty
from bankchat.state.console_metrics_state import ConsoleMetricsState
from bankchat.state.console_rows import AgentFeedbackRow, StatCard

CHART_HEIGHT = 180
FIGURES = ("Helpful", "Not helpful", "Liked")
"""The feedback table's number columns, after the agent's name (right-aligned)."""


def _card(card: StatCard) -> rx.Component:
    return rx.card(
        rx.vstack(
            muted(card.label),
            rx.heading(card.value, size="6"),
            muted(card.counts, class_name="metric-counts"),
            spacing="1",
        ),
        id=card.id,
        min_width="130px",
        flex="1",
    )


def _figure(title: str, content: rx.Component, **props: object) -> rx.Component:
    """A titled card of the panel's second line: a chart, or the feedback table."""
    return rx.card(
        column(rx.text(title, size="2", weight="medium"), content, spacing="2"), flex="1", min_width="280px", **props
    )


def _activity_chart() -> rx.Component:
    return rx.recharts.bar_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
        rx.recharts.bar(data_key="messages", name="Customer messages", fill=rx.color("accent", 9)),
        rx.recharts.bar(data_key="sessions", name="New sessions", fill=rx.color("grass", 9)),
        rx.recharts.x_axis(data_key="time", min_tick_gap=24),
        rx.recharts.y_axis(allow_decimals=False, width=52),  # room for 5-digit counts
        rx.recharts.graphing_tooltip(),
        rx.recharts.legend(),
        data=ConsoleMetricsState.series,
        width="100%",
        height=CHART_HEIGHT,
    )


def _latency_chart() -> rx.Component:
    return rx.recharts.line_chart(
        rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
        rx.recharts.line(data_key="p50_ms", name="Median reply", unit=" ms", stroke=rx.color("violet", 9), dot=True),
        rx.recharts.x_axis(data_key="time", min_tick_gap=24),
        rx.recharts.y_axis(allow_decimals=False, unit=" ms", width=72),  # room for "10000 ms"
        rx.recharts.graphing_tooltip(),
        data=ConsoleMetricsState.series,
        width="100%",
        height=CHART_HEIGHT,
    )


def _feedback_row(row: AgentFeedbackRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row.agent, class_name="agent-badge")),
        rx.table.cell(row.up, text_align="right"),
        rx.table.cell(row.down, text_align="right"),
        rx.table.cell(row.liked, text_align="right"),
    )


def _feedback_table() -> rx.Component:
    return _figure(
        "Feedback per agent",
        unless_empty(
            ConsoleMetricsState.agent_feedback,
            data_table(
                ["Agent", *(rx.table.column_header_cell(h, text_align="right") for h in FIGURES)],
                ConsoleMetricsState.agent_feedback,
                _feedback_row,
            ),
            empty="No replies rated yet.",
        ),
        id="feedback-per-agent",
    )


def metrics_panel() -> rx.Component:
    """Key figures, messages and median reply time over the last two hours, and feedback per agent.

    The page calls ``ConsoleMetricsState.load`` on mount; "Refresh" loads again.
    """
    return column(
        row(
            rx.heading("Monitoring", size="4"),
            rx.spacer(),
            rx.cond(ConsoleMetricsState.updated_at != "", muted("Updated ", ConsoleMetricsState.updated_at)),
            small_button("refresh-cw", "Refresh", on_click=ConsoleMetricsState.refresh, id="metrics-refresh"),
        ),
        rx.cond(
            ConsoleMetricsState.error != "",
            rx.callout(ConsoleMetricsState.error, icon="triangle-alert", color_scheme="red", size="1"),
            rx.fragment(
                rx.flex(rx.foreach(ConsoleMetricsState.cards, _card), wrap="wrap", gap="3", width="100%"),
                rx.flex(
                    _figure("Customer messages and new sessions (last 2 h, per 5 min, UTC)", _activity_chart()),
                    _figure("Median reply time, in milliseconds (last 2 h, per 5 min, UTC)", _latency_chart()),
                    _feedback_table(),
                    wrap="wrap",
                    gap="3",
                    width="100%",
                ),
            ),
        ),
        spacing="3",
        id="metrics-panel",
    )
