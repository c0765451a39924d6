"""FeedbackState: thumbs up or down on the bot's replies in the conversation on screen."""

from __future__ import annotations

import asyncio

import reflex as rx

from bankchat.errors import BankChatError
from bankchat.services import UserView, metrics
from bankchat.state import calls
from bankchat.state.chat_state import ChatState
from bankchat.state.rows import message_id_of
from bankchat.state.signed_in import signed_in

RATINGS = ("up", "down")


class FeedbackState(rx.State):
    """Rates a reply of ``ChatState``'s conversation (``_session_id``, never an ID from the browser)."""

    @rx.event
    @signed_in
    async def rate(self, user: UserView, key: str, rating: str) -> rx.event.EventSpec | None:
        """Store the rating of the reply whose row key is ``key``; the same rating again takes it back."""
        message_id = message_id_of(key)
        if rating not in RATINGS or message_id is None:
            return None
        chat = await self.get_state(ChatState)
        row = chat._reply(key)
        if row is None or not chat._session_id:
            return None
        wanted = None if row.feedback == rating else rating
        try:
            stored = await asyncio.to_thread(calls.rate_reply, user, chat._session_id, message_id, wanted)
        except BankChatError as exc:
            await asyncio.to_thread(metrics.count_error, exc.code)
            return rx.toast.error("Your feedback could not be saved. Please try again.")
        chat._show_rating(key, stored or "")
        return None
