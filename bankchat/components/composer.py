"""The message composer: Enter sends, Shift+Enter adds a line, disabled while empty."""

import reflex as rx

from bankchat.state.chat_state import ChatState
from bankchat.state.readiness_state import ReadinessState


def composer() -> rx.Component:
    """A text area and a send button in one form."""
    return rx.form(
        rx.hstack(
            rx.text_area(
                name="message",
                id="chat-input",
                placeholder="Message BankChat…",
                value=ChatState.draft,
                on_change=ChatState.set_draft,
                enter_key_submit=True,
                auto_focus=True,
                # Waits while the server prepares (the "getting ready" banner says so).
                disabled=ReadinessState.preparing,
                rows="1",
                resize="none",
                size="3",
                variant="surface",
                max_length=4000,
                aria_label="Message",
                class_name="composer-input",
                flex="1",
            ),
            rx.icon_button(
                rx.icon("send-horizontal", size=18),
                type="submit",
                id="send-button",
                size="3",
                disabled=(ChatState.draft.strip() == "") | ReadinessState.preparing,
                aria_label="Send message",
            ),
            align="end",
            spacing="2",
            width="100%",
        ),
        on_submit=ChatState.send,
        reset_on_submit=True,
        width="100%",
    )
