"""The conversation list: new, switch, rename, delete; the user's card and sign-out."""

import reflex as rx

from bankchat.components.brand import brand, color_mode_button
from bankchat.components.parts import column, ghost_icon_button, icon_text_button, more_button, muted, row
from bankchat.state.chat_state import ChatState
from bankchat.state.conversation_actions import TITLE_CHARS
from bankchat.state.rows import SessionItem


def _session_row(item: SessionItem) -> rx.Component:
    active = item.ref == ChatState.active_ref
    return row(
        # A real button (focusable, Enter and Space open it) beside the actions menu, not around it.
        rx.el.button(
            rx.text(item.title, size="2", weight="medium", class_name="session-title", as_="span"),
            rx.text(item.subtitle, size="1", color_scheme="gray", as_="span", class_name="session-subtitle"),
            type="button",
            on_click=ChatState.pick(item.ref),
            aria_current=rx.cond(active, "page", "false"),
            class_name="session-open",
        ),
        rx.menu.root(
            rx.menu.trigger(
                ghost_icon_button("ellipsis", "Conversation actions", size="1", class_name="session-menu"),
            ),
            rx.menu.content(
                rx.menu.item(
                    rx.icon("pencil", size=14), "Rename", on_select=ChatState.start_rename(item.ref, item.title)
                ),
                rx.menu.separator(),
                rx.menu.item(
                    rx.icon("trash-2", size=14), "Delete", color="red", on_select=ChatState.ask_delete(item.ref)
                ),
            ),
        ),
        class_name=rx.cond(active, "session-row session-row-active", "session-row"),
    )


def _user_card() -> rx.Component:
    return row(
        rx.avatar(fallback=ChatState.initials, size="2", radius="full"),
        rx.vstack(
            rx.text(ChatState.display_name, size="2", weight="medium", id="user-name"),
            muted(ChatState.username),
            spacing="0",
            flex="1",
            min_width="0",
        ),
        rx.cond(
            ChatState.role == "manager",
            rx.tooltip(
                rx.link(ghost_icon_button("layout-dashboard", "Manager console"), href="/console", id="console-link"),
                content="Manager console",
            ),
        ),
        rx.link(
            ghost_icon_button("shield-check", "Security settings", tooltip="Passkeys and approvals"),
            href="/settings",
            id="settings-link",
        ),
        color_mode_button(),
        ghost_icon_button("log-out", "Sign out", tooltip="Sign out", on_click=ChatState.logout, id="logout-button"),
        spacing="2",
        class_name="user-card",
    )


def sidebar_content() -> rx.Component:
    """Everything in the sidebar (also used inside the phone drawer)."""
    return column(
        rx.box(brand(), padding_x="0.5em", padding_top="0.25em"),
        icon_text_button(
            "plus",
            "New conversation",
            on_click=ChatState.new_session,
            id="new-session-button",
            width="100%",
            size="2",
            variant="soft",
        ),
        muted("Conversations", weight="medium", padding_x="0.5em"),
        rx.scroll_area(
            column(
                rx.foreach(ChatState.sessions, _session_row),
                rx.cond(
                    ChatState.more_sessions,
                    more_button(
                        "Show older conversations", ChatState.show_more_sessions, width="100%", id="more-sessions"
                    ),
                ),
                spacing="1",
                id="session-list",
            ),
            type="hover",
            scrollbars="vertical",
            flex="1",
        ),
        _user_card(),
        height="100%",
        spacing="3",
        padding="0.75em",
    )


def rename_dialog() -> rx.Component:
    """Asks for a conversation's new title."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Rename conversation"),
            rx.form(
                rx.vstack(
                    rx.input(
                        value=ChatState.rename_title,
                        on_change=ChatState.set_rename_title,
                        max_length=TITLE_CHARS,
                        id="rename-input",
                        auto_focus=True,
                        width="100%",
                    ),
                    rx.hstack(
                        rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                        rx.button("Save", type="submit", id="rename-save"),
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=ChatState.submit_rename,
            ),
            max_width="420px",
        ),
        open=ChatState.rename_ref >= 0,
        on_open_change=ChatState.close_dialogs,
    )


def delete_dialog() -> rx.Component:
    """Confirms before a conversation is deleted."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete this conversation?"),
            rx.alert_dialog.description("It disappears from your list. This cannot be undone.", size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button("Delete", color_scheme="red", on_click=ChatState.confirm_delete, id="delete-confirm")
                ),
                justify="end",
                spacing="3",
                margin_top="1em",
            ),
            max_width="420px",
        ),
        open=ChatState.delete_ref >= 0,
        on_open_change=ChatState.close_dialogs,
    )
