"""The manager console's held payments (four eyes): each with approve (it is sent) and reject (a note required)."""

import reflex as rx

from bankchat.components.console_decisions import decision_queue
from bankchat.components.parts import muted, row
from bankchat.state.console_rows import ReviewRow
from bankchat.state.review_console_state import ReviewConsoleState


def _payment_lines(payment: ReviewRow) -> list[rx.Component]:
    return [
        row(rx.text(payment.reference, weight="bold", size="2"), rx.spacer(), muted("held " + payment.held)),
        rx.text(payment.summary, size="2"),
    ]


def review_queue() -> rx.Component:
    """Payments over the four-eyes threshold, waiting for a member of staff who is not their customer."""
    return decision_queue(
        "Payments to approve",
        ReviewConsoleState,
        ReviewConsoleState.payments,
        _payment_lines,
        yes=("send", "Approve and send", ReviewConsoleState.approve),
        name="review",
        empty="No payments waiting.",
        note_label="Note for rejecting a payment",
        note_placeholder="Why it is rejected (the customer is told)…",
    )
