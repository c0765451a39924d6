"""The message composer: Enter sends, Shift+Enter adds a line, disabled while empty or too long."""

import reflex as rx

from bankchat.components.parts import notice
from bankchat.settings import get_settings
from bankchat.state.chat_state import ChatState
from bankchat.state.readiness_state import ReadinessState

COUNTER_FROM = 0.9
"""The character counter shows from this share of the message limit on."""


def _counter(limit: int) -> rx.Component:
    """``3,712 / 4,000`` near the limit; past it, how many characters to cut (nothing is cut for you)."""
    length = ChatState.draft.length()
    return rx.cond(
        length >= int(limit * COUNTER_FROM),
        rx.text(
            rx.cond(
                length > limit,
                rx.fragment((length - limit).to_string(), f" characters too many: shorten it to send (max {limit})"),
                rx.fragment(length.to_string(), f" / {limit}"),
            ),
            size="1",
            color_scheme=rx.cond(length > limit, "red", "gray"),
            id="char-counter",
            class_name="char-counter",
            data_over=rx.cond(length > limit, "true", "false"),
        ),
    )


def refusal_notice() -> rx.Component:
    """Why the last message was not sent and when to try again; its text is back in the composer."""
    return notice(ChatState.refusal, "clock", "amber", size="1", id="composer-notice", class_name="composer-notice")


def composer() -> rx.Component:
    """A text area and a send button in one form, the counter under them."""
    limit = get_settings().max_message_chars
    too_long = ChatState.draft.length() > limit
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
                # No max_length: the browser would cut a long paste silently; the counter says it.
                aria_label="Message",
                aria_describedby="char-counter",
                class_name="composer-input",
                flex="1",
            ),
            rx.icon_button(
                rx.icon("send-horizontal", size=18),
                type="submit",
                id="send-button",
                size="3",
                disabled=(ChatState.draft.strip() == "") | ReadinessState.preparing | too_long,
                aria_label="Send message",
            ),
            align="end",
            spacing="2",
            width="100%",
        ),
        rx.hstack(_counter(limit), justify="end", width="100%"),
        on_submit=ChatState.send,
        reset_on_submit=True,
        width="100%",
    )
