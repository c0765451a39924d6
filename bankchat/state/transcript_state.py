"""TranscriptState: the conversation on screen as a Markdown file the customer downloads."""

from __future__ import annotations

import asyncio

import reflex as rx

from bankchat.errors import BankChatError
from bankchat.services import UserView, metrics
from bankchat.state import calls
from bankchat.state.chat_state import ChatState
from bankchat.state.signed_in import signed_in

MIME_TYPE = "text/markdown;charset=utf-8"


class TranscriptState(rx.State):
    """Exports ``ChatState``'s conversation (its backend-only ``_session_id``)."""

    @rx.event
    @signed_in
    async def download(self, user: UserView) -> rx.event.EventSpec | None:
        """Send the transcript to the browser as a download."""
        chat = await self.get_state(ChatState)
        if not chat._session_id:
            return rx.toast.info("There is no conversation to download yet.")
        try:
            transcript = await asyncio.to_thread(calls.transcript, user, chat._session_id)
        except BankChatError as exc:
            await asyncio.to_thread(metrics.count_error, exc.code)
            return rx.toast.error("The transcript could not be made. Please try again.")
        return rx.download(data=transcript.content, filename=transcript.filename, mime_type=MIME_TYPE)
