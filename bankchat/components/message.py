"""One message bubble: the customer's on the right, the bot's (with its agent badge) on the left."""

from typing import Any

import reflex as rx

from bankchat.components.parts import column, ghost_icon_button, muted, small_button
from bankchat.components.safe_markdown import plain_text, safe_markdown
from bankchat.state.chat_state import ChatState
from bankchat.state.feedback_state import FeedbackState
from bankchat.state.rows import ChatMessage

AGENT_COLORS = {
    "accounts": "blue",
    "transactions": "violet",
    "transfers": "green",
    "cards": "orange",
    "support": "cyan",
    "handoff": "amber",
    "guardrails": "red",
}


def _agent_badge(agent: rx.Var[str]) -> rx.Component:
    return rx.badge(
        agent,
        variant="soft",
        radius="full",
        size="1",
        high_contrast=True,  # the soft colours' own text is under 4.5:1 for some (green, orange)
        class_name="agent-badge",
        color_scheme=rx.match(agent, *AGENT_COLORS.items(), "gray"),
    )


def _trace_button(msg: ChatMessage) -> rx.Component:
    return rx.popover.root(
        rx.popover.trigger(
            ghost_icon_button("info", "Why this answer", icon_size=12, size="1", class_name="trace-button")
        ),
        rx.popover.content(
            rx.text("Why this answer", size="2", weight="bold"),
            rx.text(msg.trace, size="1", white_space="pre-wrap", font_family="var(--code-font-family)"),
            max_width="340px",
            class_name="trace-content",
        ),
    )


def _reply_action(*icons: rx.Component, label: str, **props: Any) -> rx.Component:
    """A small icon button under a reply (copy, thumbs), ``label`` read out and shown on hover.

    Grey and frameless unless ``props`` say otherwise (a chosen thumb).
    """
    props = {"variant": "ghost", "color_scheme": "gray"} | props
    return rx.icon_button(*icons, size="1", aria_label=label, title=label, **props)


def _thumb(msg: ChatMessage, rating: str, icon: str, label: str, color: str) -> rx.Component:
    chosen = msg.feedback == rating
    return _reply_action(
        rx.icon(icon, size=13),
        label=label,
        variant=rx.cond(chosen, "soft", "ghost"),
        color_scheme=rx.cond(chosen, color, "gray"),
        aria_pressed=rx.cond(chosen, "true", "false"),
        on_click=FeedbackState.rate(msg.key, rating),
        class_name=f"feedback-{rating}",
        opacity=rx.cond(chosen, "1", "0.6"),
    )


def _feedback_buttons(msg: ChatMessage) -> rx.Component:
    """Thumbs up and down under a bot reply; the chosen one stays highlighted (click it again to undo)."""
    return rx.hstack(
        _thumb(msg, "up", "thumbs-up", "Helpful", "green"),
        _thumb(msg, "down", "thumbs-down", "Not helpful", "red"),
        spacing="2",
        class_name="feedback-buttons",
        data_feedback=msg.feedback,
    )


def _copy_button() -> rx.Component:
    """Copies the reply's text (``assets/bankchat.js`` does it in the browser; no server event)."""
    return _reply_action(
        rx.icon("copy", size=13, class_name="copy-icon", aria_hidden="true"),
        rx.icon("check", size=13, class_name="copied-icon", aria_hidden="true"),
        label="Copy reply",
        type="button",
        class_name="copy-reply",
    )


def _bot_avatar() -> rx.Component:
    return rx.center(rx.icon("bot", size=16), class_name="bot-avatar")


def _reply_column(*children: rx.Component, **props: Any) -> rx.Component:
    """A reply's parts stacked at the bubble's width: a bot reply (its header, text and actions) or one streaming in."""
    return rx.vstack(*children, spacing="1", align="start", max_width="min(720px, 88%)", **props)


def _user_bubble(msg: ChatMessage) -> rx.Component:
    return column(
        rx.box(
            plain_text(msg.content, size="3"),
            class_name="bubble bubble-user",
        ),
        rx.hstack(
            rx.match(
                msg.status,
                ("pending", muted("Sending…")),
                (
                    "failed",
                    rx.hstack(
                        rx.icon("circle-alert", size=14, color=rx.color("red", 10)),
                        rx.text("Not delivered", size="1", color_scheme="red"),
                        rx.button(
                            "Retry",
                            size="1",
                            variant="soft",
                            color_scheme="red",
                            on_click=ChatState.retry(msg.key),
                            class_name="retry-button",
                        ),
                        align="center",
                        spacing="1",
                    ),
                ),
                muted(msg.time),
            ),
            justify="end",
        ),
        align="end",
        spacing="1",
        class_name="message message-user",
        data_status=msg.status,
        data_key=msg.key,
    )


def _bot_bubble(msg: ChatMessage) -> rx.Component:
    return rx.hstack(
        rx.cond(
            msg.role == "staff",
            rx.avatar(fallback="ST", size="2", radius="full", color_scheme="grass"),
            _bot_avatar(),
        ),
        _reply_column(
            rx.hstack(
                rx.text(rx.cond(msg.role == "staff", "BankChat staff", "BankChat"), size="1", weight="medium"),
                rx.cond(msg.agent != "", _agent_badge(msg.agent)),
                muted(msg.time),
                rx.cond(msg.trace != "", _trace_button(msg)),
                align="center",
                spacing="2",
            ),
            rx.box(
                safe_markdown(msg.content),
                class_name=rx.cond(msg.role == "staff", "bubble bubble-bot bubble-staff", "bubble bubble-bot"),
                # A person's words look different from the bot's (the same in light and dark themes).
                border_left=rx.cond(msg.role == "staff", f"3px solid {rx.color('grass', 9)}", "none"),
                background=rx.cond(msg.role == "staff", rx.color("grass", 3, alpha=True), ""),
            ),
            rx.hstack(
                _copy_button(),
                rx.cond(msg.role == "assistant", _feedback_buttons(msg)),
                spacing="2",
                align="center",
                class_name="reply-actions",
            ),
        ),
        align="start",
        spacing="2",
        width="100%",
        class_name=rx.cond(msg.role == "staff", "message message-bot message-staff", "message message-bot"),
        data_role=msg.role,
        data_key=msg.key,
    )


def message_bubble(msg: ChatMessage) -> rx.Component:
    """A message, styled by who wrote it."""
    return rx.cond(msg.role == "user", _user_bubble(msg), _bot_bubble(msg))


def typing_indicator() -> rx.Component:
    """Three dots while the reply is on its way; the reply itself as it streams in."""
    return rx.hstack(
        _bot_avatar(),
        rx.cond(
            ChatState.streaming != "",
            _reply_column(
                rx.box(
                    safe_markdown(ChatState.streaming),
                    class_name="bubble bubble-bot",
                    id="streaming-reply",
                ),
                small_button(
                    "square",
                    "Stop",
                    icon_size=12,
                    color_scheme="gray",
                    on_click=ChatState.stop_reply,
                    id="stop-button",
                    aria_label="Stop the reply (what is shown is kept)",
                ),
            ),
            rx.hstack(
                rx.box(class_name="dot"), rx.box(class_name="dot"), rx.box(class_name="dot"), class_name="typing"
            ),
        ),
        id="typing-indicator",
        align="center",
        spacing="2",
        aria_label="BankChat is typing",
    )
