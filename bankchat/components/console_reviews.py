"""The manager console's held payments (four eyes): each with approve (it is sent) and reject (a note required)."""

import reflex as rx

from bankchat.components.console_panels import panel
from bankchat.components.parts import column, muted, row, small_button, unless_empty
from bankchat.state.review_console_state import ReviewConsoleState, ReviewRow

REFRESH_MS = 3000


def _payment_line(payment: ReviewRow) -> rx.Component:
    return rx.box(
        row(rx.text(payment.reference, weight="bold", size="2"), rx.spacer(), muted("held " + payment.held)),
        rx.text(payment.summary, size="2"),
        row(
            small_button("send", "Approve and send", on_click=ReviewConsoleState.approve(payment.ref)),
            small_button("x", "Reject with note", on_click=ReviewConsoleState.reject(payment.ref)),
        ),
        class_name="console-item",
        data_testid="review-item",
    )


def review_queue() -> rx.Component:
    """Payments over the four-eyes threshold, waiting for a member of staff who is not their customer."""
    return panel(
        "Payments to approve",
        unless_empty(
            ReviewConsoleState.payments,
            column(rx.foreach(ReviewConsoleState.payments, _payment_line), spacing="2"),
            empty="No payments waiting.",
        ),
        rx.text_area(
            value=ReviewConsoleState.review_note,
            on_change=ReviewConsoleState.set_review_note,
            placeholder="Why it is rejected (the customer is told)…",
            id="review-note",
            aria_label="Note for rejecting a payment",
            max_length=500,
            rows="2",
            width="100%",
        ),
        rx.moment(interval=REFRESH_MS, on_change=ReviewConsoleState.refresh, display="none"),
        id="review-queue",
        on_mount=ReviewConsoleState.refresh,
    )
