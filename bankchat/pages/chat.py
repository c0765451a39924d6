"""The chat page: conversations on the left, the conversation on the right."""

import reflex as rx

from bankchat.components.composer import composer, refusal_notice
from bankchat.components.getting_ready import getting_ready_banner
from bankchat.components.message import message_bubble, typing_indicator
from bankchat.components.parts import banner, column, ghost_icon_button, header_bar, more_button, muted
from bankchat.components.quick_replies import quick_replies
from bankchat.components.sidebar import delete_dialog, rename_dialog, sidebar_content
from bankchat.components.starters import starters
from bankchat.state.chat_state import ChatState
from bankchat.state.transcript_state import TranscriptState


def _header() -> rx.Component:
    return header_bar(
        ghost_icon_button(
            "menu",
            "Conversations",
            icon_size=18,
            on_click=ChatState.set_drawer_open(True),
            display=["flex", "flex", "none"],
        ),
        rx.heading(ChatState.current_title, size="4", id="session-title", class_name="session-heading"),
        rx.spacer(),
        ghost_icon_button(
            "download",
            "Download transcript",
            tooltip="Download transcript (Markdown)",
            on_click=TranscriptState.download,
            id="download-transcript",
        ),
    )


def _empty_state() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon("messages-square", size=36, color=rx.color("accent", 9)),
            rx.heading(f"How can I help, {ChatState.display_name}?", size="5", text_align="center"),
            muted("Ask anything about your accounts, or start with one of these.", size="2"),
            starters(),
            align="center",
            spacing="3",
        ),
        padding_y="4em",
        id="empty-state",
    )


def _messages() -> rx.Component:
    return rx.box(
        column(
            rx.cond(
                ChatState.has_older,
                rx.center(more_button("Load earlier messages", ChatState.load_older, id="load-older"), width="100%"),
            ),
            rx.cond(
                ChatState.loading,
                rx.center(rx.spinner(size="3"), padding_y="4em", width="100%"),
                rx.cond((ChatState.messages.length() == 0) & (ChatState.fresh.length() == 0), _empty_state()),
            ),
            rx.foreach(ChatState.messages, message_bubble),
            rx.foreach(ChatState.fresh, message_bubble),
            rx.cond(ChatState.typing, typing_indicator()),
            spacing="4",
            class_name="message-column",
        ),
        id="message-list",
        class_name="message-scroller",
        # Scrollable, so reachable by keyboard; new replies are read out by ``_announcer``.
        role="region",
        aria_label="Messages",
        tab_index=0,
        data_conversation=ChatState.conversation_view,
    )


def _jump_to_latest() -> rx.Component:
    """Shown once the list is scrolled up, saying so when a reply arrives below (``assets/bankchat.js``)."""
    return rx.button(
        rx.icon("arrow-down", size=16, aria_hidden="true"),
        rx.el.span("New reply below · ", class_name="jump-new"),
        "Jump to latest",
        id="jump-to-latest",
        type="button",
        size="2",
        radius="full",
        variant="solid",
        class_name="jump-latest",
    )


def _announcer() -> rx.Component:
    """A polite live region: ``assets/bankchat.js`` writes each new reply (and "copied") into it."""
    return rx.box(id="reply-announcer", role="status", aria_live="polite", class_name="visually-hidden")


def _handoff_banner() -> rx.Component:
    """Who the customer is talking to while a colleague is asked or holds the conversation."""
    return rx.cond(
        ChatState.handoff != "",
        banner(
            rx.icon(rx.cond(ChatState.handoff == "claimed", "headset", "clock"), size=16),
            rx.cond(
                ChatState.handoff == "claimed",
                "You're chatting with BankChat staff. The assistant is paused until they hand you back.",
                "A colleague has been asked to join. Keep chatting with the assistant meanwhile; "
                "their reply appears right here.",
            ),
            # Live while a person is involved: new messages are fetched every 2 seconds.
            rx.moment(interval=2000, on_change=ChatState.poll_live, display="none"),
            status=ChatState.handoff,
            id="handoff-banner",
        ),
    )


def chat_page() -> rx.Component:
    """The signed-in customer's chat."""
    return rx.hstack(
        rx.box(sidebar_content(), class_name="sidebar", display=["none", "none", "flex"]),
        rx.drawer.root(
            rx.drawer.overlay(),
            rx.drawer.portal(
                rx.drawer.content(sidebar_content(), class_name="drawer", width="min(300px, 86vw)", height="100%")
            ),
            open=ChatState.drawer_open,
            on_open_change=ChatState.set_drawer_open,
            direction="left",
        ),
        rx.vstack(
            _header(),
            rx.box(_messages(), _jump_to_latest(), class_name="message-area"),
            _announcer(),
            getting_ready_banner(),
            _handoff_banner(),
            rx.box(
                quick_replies(),
                rx.box(refusal_notice(), composer(), class_name="composer-inner"),
                muted(
                    "Enter sends · Shift+Enter adds a line · BankChat never moves money without your confirmation.",
                    text_align="center",
                ),
                class_name="composer",
            ),
            spacing="0",
            class_name="chat-main",
        ),
        rename_dialog(),
        delete_dialog(),
        spacing="0",
        class_name="chat-layout",
    )
