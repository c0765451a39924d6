"""Renaming and deleting conversations, the sidebar's dialogs and the phone drawer.

A mixin of ``ChatState``: its handlers run on the chat state and use its
backend-only session IDs (the browser only knows positions in the list); what
they need from there is declared in the class.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import reflex as rx

from bankchat.errors import BankChatError
from bankchat.services import SessionView, UserView
from bankchat.services.conversations import MAX_TITLE_CHARS
from bankchat.state import calls
from bankchat.state.inputs import bounded_text
from bankchat.state.signed_in import signed_in

TITLE_CHARS = MAX_TITLE_CHARS
"""The longest title the rename dialog keeps: the longest the service stores."""


class ConversationActions(rx.State, mixin=True):
    """The conversation list's actions."""

    drawer_open: bool = False
    rename_ref: int = -1
    rename_title: str = ""
    delete_ref: int = -1

    if TYPE_CHECKING:  # what the state it is mixed into (``ChatState``) provides
        _user_id: int
        """The signed-in user (0 when nobody is): the dialogs open for signed-in tabs only."""
        _session_id: str
        """The conversation on screen."""
        _sidebar_size: int
        """How many conversations the sidebar lists."""

        def _id_at(self, ref: object) -> str | None: ...

        def _show_sessions(self, conversations: list[SessionView]) -> None: ...

        async def _refresh_sessions(self, user: UserView) -> None: ...

        async def _load_messages(self, user: UserView) -> None: ...

        async def switch_session(self, ref: int) -> rx.event.EventSpec | None: ...

    @rx.event
    @signed_in
    async def rename_session(self, user: UserView, ref: int, title: str) -> rx.event.EventSpec | None:
        """Give a conversation a new title (the service cuts it to ``MAX_TITLE_CHARS``)."""
        session_id = self._id_at(ref)
        if session_id is None or not isinstance(title, str) or not title.strip():
            return rx.toast.error("Please enter a title.")
        try:
            await asyncio.to_thread(calls.rename_session, user, session_id, title)
        except BankChatError as exc:
            return rx.toast.error(exc.detail)
        await self._refresh_sessions(user)
        return None

    @rx.event
    @signed_in
    async def delete_session(self, user: UserView, ref: int) -> rx.event.EventSpec | None:
        """Close a conversation; it leaves the list (its history is kept by the bank)."""
        session_id = self._id_at(ref)
        if session_id is None:
            return rx.toast.error("That conversation is no longer available.")
        await asyncio.to_thread(calls.close_session, user, session_id)
        conversations = await asyncio.to_thread(calls.list_sessions, user, self._sidebar_size + 1)
        if session_id == self._session_id:
            if not conversations:
                conversations = [await asyncio.to_thread(calls.start_session, user)]
            self._session_id = conversations[0].session_id
            await self._load_messages(user)
        self._show_sessions(conversations)
        return rx.toast.success("Conversation deleted.")

    @rx.event
    def set_drawer_open(self, value: bool) -> None:
        """Open or close the conversation drawer on small screens."""
        self.drawer_open = value is True

    @rx.event
    def start_rename(self, ref: int, title: str) -> None:
        """Open the rename dialog for one conversation."""
        if self._user_id and isinstance(ref, int) and isinstance(title, str):
            self.rename_ref, self.rename_title = ref, bounded_text(title, TITLE_CHARS)[0]

    @rx.event
    def set_rename_title(self, value: str) -> None:
        """Keep the rename dialog's text (signed-in tabs only, bounded)."""
        if self._user_id:
            self.rename_title = bounded_text(value, TITLE_CHARS)[0] if isinstance(value, str) else ""

    @rx.event
    def close_dialogs(self) -> None:
        """Close the rename and delete dialogs."""
        self.rename_ref = self.delete_ref = -1

    @rx.event
    async def submit_rename(self) -> rx.event.EventSpec | None:
        """Apply the rename dialog."""
        ref, title = self.rename_ref, self.rename_title
        self.rename_ref = -1
        return await self.rename_session(ref, title)

    @rx.event
    def ask_delete(self, ref: int) -> None:
        """Ask for confirmation before deleting a conversation."""
        if self._user_id and isinstance(ref, int) and not isinstance(ref, bool):
            self.delete_ref = ref

    @rx.event
    async def confirm_delete(self) -> rx.event.EventSpec | None:
        """Delete the conversation the dialog asked about."""
        ref = self.delete_ref
        self.delete_ref = -1
        return await self.delete_session(ref)

    @rx.event
    async def pick(self, ref: int) -> rx.event.EventSpec | None:
        """Switch conversation from the sidebar (closing the drawer on phones)."""
        self.drawer_open = False
        return await self.switch_session(ref)
