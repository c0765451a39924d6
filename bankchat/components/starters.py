"""Conversation starters: a few questions the empty conversation offers, sent like quick replies (``send_button``)."""

import reflex as rx

from bankchat.components.quick_replies import send_button

STARTERS: tuple[tuple[str, str], ...] = (
    ("wallet", "What's my balance?"),
    ("receipt-text", "Show my last 5 transactions"),
    ("snowflake", "Freeze my card"),
    ("circle-help", "What can you do?"),
)
"""Icon and text of each starter; the text is sent as the customer's message."""


def _starter(icon: str, text: str) -> rx.Component:
    return send_button(
        text,
        rx.icon(icon, size=16, aria_hidden="true"),
        variant="outline",
        color_scheme="gray",
        radius="large",
        class_name="starter",
    )


def starters() -> rx.Component:
    """The starters as a group of buttons."""
    return rx.flex(
        *(_starter(icon, text) for icon, text in STARTERS),
        wrap="wrap",
        justify="center",
        spacing="2",
        id="starters",
        role="group",
        aria_label="Conversation starters",
        class_name="starters",
    )
