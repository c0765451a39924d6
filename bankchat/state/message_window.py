"""The messages on screen: a window loaded from the database and the short list of new ones.

A mixin of ``ChatState``. Reflex re-sends a changed var whole, so the window
(the latest page, earlier pages on demand) changes rarely, and what arrives
while the page is open goes to ``fresh``, folded into the window every dozen rows.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import reflex as rx

from bankchat.errors import SessionNotFound
from bankchat.services import HistoryPage, MessageView, UserView
from bankchat.settings import get_settings
from bankchat.state import calls
from bankchat.state.rows import ChatMessage, message_row
from bankchat.state.signed_in import current_user, signed_in

FRESH_MAX = 12
"""Rows ``fresh`` holds before they are folded into the window."""


class MessageWindow(rx.State, mixin=True):
    """The window and ``fresh``, written only through the methods below."""

    if TYPE_CHECKING:  # what the state it is mixed into (``ChatState``) provides
        _session_id: str
        """The conversation on screen."""
        handoff: str
        """Whether a colleague is asked or holds the conversation (live updates run while it is set)."""

    messages: list[ChatMessage] = []
    """The window loaded from the database (the latest page, and earlier pages on demand)."""
    fresh: list[ChatMessage] = []
    """Messages sent and received since the window was loaded. Kept apart so that a new message
    re-sends only this short list to the browser, not the window."""
    has_older: bool = False
    _older_cursor: str = ""
    """The public ID of the oldest message in the window (the history's cursor), or empty."""
    _last_id: int = 0
    """The newest stored message ID on screen (live updates ask for what came after it)."""

    @rx.var
    def quick_replies(self) -> list[str]:
        """The buttons the latest reply offers; none once the customer has written after it."""
        for rows in (self.fresh, self.messages):
            if rows:
                last = rows[-1]
                return list(last.quick_replies) if last.role == "assistant" else []
        return []

    def _show_page(self, page: HistoryPage, ratings: dict[int, str]) -> None:
        """Show a conversation's latest page (and nothing sent since: ``fresh`` starts empty)."""
        self.messages = [message_row(m, ratings) for m in page.messages]
        self.fresh = []
        self._last_id = max((m.id for m in page.messages), default=0)
        self._older_cursor = page.next_before or ""
        self.has_older = page.next_before is not None

    def _is_empty(self) -> bool:
        """Whether nothing at all is on screen (no message loaded, sent or on its way)."""
        return not self.messages and not self.fresh

    def _add_pending(self, row: ChatMessage) -> None:
        """Show a message the customer has just sent, before it is stored."""
        self.fresh.append(row)

    def _drop(self, key: str) -> None:
        """Take a row that was never stored off the screen."""
        self.fresh = [row for row in self.get_value("fresh") if row.key != key]

    @rx.event
    @signed_in
    async def load_older(self, user: UserView) -> rx.event.EventSpec | None:
        """Prepend the page of messages before the oldest one on screen."""
        if not self._older_cursor:
            return None
        page, ratings = await asyncio.to_thread(calls.history_with_feedback, user, self._session_id, self._older_cursor)
        self.messages = [message_row(m, ratings) for m in page.messages] + self.messages
        self._older_cursor = page.next_before or ""
        self.has_older = page.next_before is not None
        return None

    def _show_new(self, stored: list[MessageView]) -> None:
        """Show stored messages in stored order: the order a reload would show.

        A message already on screen learns its ID; one stored after everything shown (a
        retried message, a reply) goes after the last stored row, before rows still on
        their way, so a retry lands after the messages sent meanwhile. One stored earlier
        (a retry answered by the attempt that seemed to fail) goes right under the row
        before it in ``stored``, i.e. a reply under its message.
        """
        # Read through get_value (iterating the proxied lists would wrap every row). A message
        # already in the window (a reload loaded it meanwhile) is among its last rows.
        recent = self.get_value("messages")[-2 * FRESH_MAX :]
        shown = {row.key for row in recent}
        before = ""  # the key of the row stored just before this one, in ``stored``
        for m in stored:
            row = message_row(m)
            fresh: list[ChatMessage] = self.get_value("fresh")
            at = next((i for i, r in enumerate(fresh) if r.key == row.key), None)
            newest = m.id > self._last_id
            if row.key in shown or (at is not None and not (newest and self._stored_after(at))):
                self._mark(row.key, "sent", message_id=m.public_id, content=row.content)
            else:
                if at is not None:  # stored only now, after rows sent meanwhile: it moves below them
                    row = self.fresh.pop(at)
                    row.status, row.id, row.content = "sent", m.public_id, m.content
                self.fresh.insert(self._after_stored() if newest else self._after(before), row)
            shown.add(row.key)
            before = row.key
            self._last_id = max(self._last_id, m.id)
        if len(self.fresh) > FRESH_MAX:
            self._fold()

    def _stored_after(self, at: int) -> bool:
        """Whether a stored row follows ``fresh[at]``."""
        return any(row.status == "sent" for row in self.get_value("fresh")[at + 1 :])

    def _after_stored(self) -> int:
        """Where in ``fresh`` a newly stored row goes: after the last stored one."""
        fresh = self.get_value("fresh")
        return next((i + 1 for i in range(len(fresh) - 1, -1, -1) if fresh[i].status == "sent"), 0)

    def _after(self, key: str) -> int:
        """Where in ``fresh`` a row goes to follow the row ``key`` (after the last stored one if not there)."""
        fresh = self.get_value("fresh")
        return next((i + 1 for i, row in enumerate(fresh) if row.key == key), None) or self._after_stored()

    def _fold(self) -> None:
        """Move delivered rows from ``fresh`` into the window and keep the window to one page.

        Rows still on their way or waiting for "Retry" stay in ``fresh``. The window keeps
        the latest page; older pages come back with "Load earlier messages".
        """
        keep = next((i for i, row in enumerate(self.fresh) if row.status != "sent"), len(self.fresh))
        window = self.messages + self.fresh[:keep]
        extra = len(window) - get_settings().chat_window_messages
        cut = next((i for i, row in enumerate(window) if i >= extra and row.id), 0) if extra > 0 else 0
        self.messages, self.fresh = window[cut:], self.fresh[keep:]
        if cut:
            self._older_cursor, self.has_older = self.messages[0].id, True

    @rx.event
    async def poll_live(self, _tick: str = "") -> None:
        """While a colleague is asked or holds the conversation: show what they wrote since the last look."""
        if not self.handoff or not self._session_id:
            return
        user = await current_user(self)
        if user is None:
            return
        try:
            update = await asyncio.to_thread(calls.updates_since, user, self._session_id, self._last_id)
        except SessionNotFound:
            self.handoff = ""
            return
        self._show_new(update.messages)
        self.handoff = update.handoff

    def _find(self, key: str) -> tuple[str, int] | None:
        """The list holding the row ``key`` and its place (read through get_value: nothing is re-sent)."""
        for name in ("fresh", "messages"):
            at = next((i for i, row in enumerate(self.get_value(name)) if row.key == key), None)
            if at is not None:
                return name, at
        return None

    def _mark(self, key: str, status: str, message_id: str = "", content: str = "") -> None:
        """Set a row's delivery status (and stored public ID, and the text as stored: a card number typed is
        shown hidden once stored); only the list holding it is re-sent."""
        found = self._find(key)
        if found is not None:
            row = getattr(self, found[0])[found[1]]
            row.status = status
            row.id = message_id or row.id
            if content and content != row.content:
                row.content = content

    def _reply(self, key: str) -> ChatMessage | None:
        """The bot's reply on screen whose row key is ``key`` (to read: change it through the methods here)."""
        found = self._find(key)
        row: ChatMessage | None = self.get_value(found[0])[found[1]] if found is not None else None
        return row if row is not None and row.role == "assistant" else None

    def _show_rating(self, key: str, rating: str) -> None:
        """Show the customer's rating ("up", "down" or "") on the row ``key``; only the list holding it is re-sent."""
        found = self._find(key)
        if found is not None:
            getattr(self, found[0])[found[1]].feedback = rating
