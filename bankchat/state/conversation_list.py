"""The sidebar's list of conversations: the latest ones, which one is on screen, when to re-send it.

A mixin of ``ChatState``. Reflex re-sends a changed list whole, so the list is replaced
only when it changes (a new, renamed or deleted conversation, or one moving up), and
switching conversation changes only ``active_ref``.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import reflex as rx

from bankchat.errors import SessionNotFound
from bankchat.services import SessionView, UserView
from bankchat.state import calls
from bankchat.state.positions import at_position
from bankchat.state.rows import SessionItem, session_item
from bankchat.state.signed_in import signed_in

SIDEBAR_PAGE = 20
"""Conversations the sidebar lists at first (and adds per "Show older conversations")."""


class ConversationList(rx.State, mixin=True):
    """``sessions`` and the backend-only session IDs behind its positions."""

    sessions: list[SessionItem] = []
    active_ref: int = -1
    """The sidebar position of the conversation on screen (switching changes only this, not the list)."""
    more_sessions: bool = False
    """The sidebar shows the latest conversations; True when older ones exist."""
    current_title: str = ""

    _session_ids: list[str] = []
    """Session IDs in sidebar order; the browser only knows positions."""
    _sidebar_size: int = SIDEBAR_PAGE
    _top_is_new: bool = False
    """The sidebar's first conversation had no messages when listed (its first one gives it its title)."""

    if TYPE_CHECKING:  # what the state it is mixed into (``ChatState``) provides
        _session_id: str
        """The conversation on screen."""

    def _show_sessions(self, conversations: list[SessionView]) -> None:
        """Show the latest conversations (``conversations`` may hold one more: then older ones exist)."""
        self.more_sessions = len(conversations) > self._sidebar_size
        conversations = conversations[: self._sidebar_size]
        self._session_ids = [c.session_id for c in conversations]
        self._top_is_new = bool(conversations) and conversations[0].message_count == 0
        self.sessions = [session_item(i, c) for i, c in enumerate(conversations)]
        self._show_active()
        current = next((c for c in conversations if c.session_id == self._session_id), None)
        if current is not None:
            self.current_title = current.title

    def _show_active(self) -> None:
        """Mark the conversation on screen (the list itself is not re-sent)."""
        self.active_ref = self._session_ids.index(self._session_id) if self._session_id in self._session_ids else -1
        if self.active_ref >= 0:
            self.current_title = self.sessions[self.active_ref].title

    async def _refresh_sessions(self, user: UserView) -> None:
        self._show_sessions(await asyncio.to_thread(calls.list_sessions, user, self._sidebar_size + 1))

    @rx.event
    @signed_in
    async def show_more_sessions(self, user: UserView) -> rx.event.EventSpec | None:
        """List older conversations in the sidebar too."""
        self._sidebar_size += SIDEBAR_PAGE
        await self._refresh_sessions(user)
        return None

    def _id_at(self, ref: object) -> str | None:
        """The session ID at sidebar position ``ref`` (a browser's word: anything), or None."""
        return at_position(self._session_ids, ref)

    def _session_at(self, ref: object) -> str:
        """The session ID at sidebar position ``ref``; ``SessionNotFound`` when there is none."""
        session_id = self._id_at(ref)
        if session_id is None:
            raise SessionNotFound
        return session_id

    def _sidebar_stale(self, session_id: str) -> bool:
        """Whether the reply moved the conversation up the list or was its first (its row changes), else it stays."""
        return self._session_ids[:1] != [session_id] or self._top_is_new
