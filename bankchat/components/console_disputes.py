"""The manager console's dispute panel: open cases, each with refund and reject (a note is required to reject)."""

import reflex as rx

from bankchat.components.console_decisions import decision_queue
from bankchat.components.parts import muted, row
from bankchat.state.console_rows import DisputeRow
from bankchat.state.dispute_console_state import DisputeConsoleState


def _dispute_lines(case: DisputeRow) -> list[rx.Component]:
    return [
        row(
            rx.text(case.reference, weight="bold", size="2"),
            muted(case.customer),
            rx.spacer(),
            muted("opened " + case.opened),
        ),
        rx.text(case.amount + " to " + case.merchant + " on " + case.paid_on, size="2"),
        muted("Reason: " + case.reason),
        rx.cond(case.words != "", muted("“" + case.words + "”", class_name="queue-summary")),
        rx.cond(case.appeal != "", rx.text(case.appeal, size="2", class_name="queue-summary")),
    ]


def dispute_queue() -> rx.Component:
    """Open dispute cases, with refund and reject (the note below is required to reject)."""
    return decision_queue(
        "Disputes",
        DisputeConsoleState,
        DisputeConsoleState.cases,
        _dispute_lines,
        yes=("rotate-ccw", "Refund", DisputeConsoleState.refund),
        name="dispute",
        empty="No open disputes.",
        note_label="Note for the decision",
        note_placeholder="Note for the customer (required to reject)…",
    )
