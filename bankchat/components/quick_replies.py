"""Quick replies: buttons under the latest reply that send their text ("Yes", "No", the choices it names)."""

from typing import Any

import reflex as rx

from bankchat.state.chat_state import ChatState
from bankchat.state.readiness_state import ReadinessState
from bankchat.state.security_state import APPROVE_WITH_PASSKEY, SecurityState


def send_button(text: str | rx.Var[str], *icon: rx.Component, size: str = "2", **props: Any) -> rx.Component:
    """A button that sends ``text`` as the customer's message (after ``icon``, if given)."""
    return rx.button(
        *icon,
        text,
        size=size,
        on_click=ChatState.send({"message": text}),
        # Waits while the server prepares, like the composer (the "getting ready" banner says so).
        disabled=ReadinessState.preparing,
        **props,
    )


def _button(text: rx.Var[str]) -> rx.Component:
    return rx.cond(
        text == APPROVE_WITH_PASSKEY,  # the browser signs the approval; nothing is sent until it has
        rx.button(
            rx.icon("key-round", size=14),
            text,
            variant="solid",
            radius="full",
            class_name="quick-reply",
            id="approve-with-passkey",
            on_click=SecurityState.approve_in_chat,
        ),
        send_button(text, variant="soft", radius="full", class_name="quick-reply"),
    )


def quick_replies() -> rx.Component:
    """The latest reply's quick replies, hidden while a reply is on its way."""
    return rx.cond(
        (ChatState.quick_replies.length() > 0) & ~ChatState.typing,
        rx.hstack(
            rx.foreach(ChatState.quick_replies, _button),
            wrap="wrap",
            spacing="2",
            id="quick-replies",
            role="group",
            aria_label="Suggested replies",
            class_name="quick-replies",
        ),
    )
