"""A reply streamed from the optional LLM: shown as it grows, and the "Stop" button.

A mixin of ``ChatState``, which provides the sign-in, ``_session_id``, ``_in_flight``,
``typing`` and ``_show_exchange``.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from bankchat.errors import BankChatError, ReplyStopped
from bankchat.services import Exchange, UserView
from bankchat.state import calls, stops

STREAM_FRAME_SECONDS = 0.08
"""How often a streamed reply is re-sent to the browser (each update costs a websocket frame)."""


class StreamingReply(rx.State, mixin=True):
    """``streaming`` and the turn that fills it."""

    streaming: str = ""
    """The reply as it is being streamed (only the optional LLM streams); empty otherwise."""
    _streaming_id: str = ""
    """The client message ID whose reply ``streaming`` shows ("Stop" stops that one)."""
    _streaming_session: str = ""
    """The conversation that message belongs to."""

    async def _send_streaming(
        self, token: str, session_id: str, text: str, client_id: str
    ) -> tuple[UserView, Exchange]:
        """Check the sign-in and run the turn in a worker thread; show a streamed reply as it grows."""
        loop = asyncio.get_running_loop()
        pieces: asyncio.Queue[str] = asyncio.Queue()

        def on_token(piece: str) -> None:
            loop.call_soon_threadsafe(pieces.put_nowait, piece)

        checked = stops.watch(client_id, on_token)
        work = asyncio.ensure_future(
            asyncio.to_thread(calls.send_message_as, token, session_id, text, client_id, checked)
        )
        # After "Stop" the thread ends at its next token (or the model's timeout): nobody waits for it.
        work.add_done_callback(lambda done: done.cancelled() or done.exception())
        shown = ""
        try:
            while not work.done():
                await asyncio.wait({work}, timeout=STREAM_FRAME_SECONDS)
                if stops.stopped(client_id):
                    raise ReplyStopped
                grown = shown
                while not pieces.empty():
                    grown += pieces.get_nowait()
                if grown != shown and not work.done():
                    shown = grown
                    async with self:
                        if session_id == self._session_id and not stops.stopped(client_id):
                            self.streaming = shown
                            self._streaming_id, self._streaming_session = client_id, session_id
            return work.result()
        finally:
            stops.forget(client_id)

    @rx.event
    async def stop_reply(self) -> rx.event.EventSpec | None:
        """The "Stop" button: keep what was shown of the streaming reply as the stored reply."""
        client_id = self._streaming_id
        if not self.streaming or client_id not in self._in_flight:
            return None
        user = await self._current_user()
        if user is None:
            return rx.redirect("/login")
        stops.stop(client_id)
        self._in_flight.remove(client_id)
        self._streaming_id = ""
        session_id = self._streaming_session
        try:
            exchange = await asyncio.to_thread(calls.store_stopped_reply, user, session_id, client_id, self.streaming)
        except BankChatError as exc:
            exchange, problem = None, exc.detail
        else:
            problem = "Stopped before your message was saved: press Retry to send it again."
        if exchange is None:  # nothing stored to answer: the message can be sent again
            self._mark(client_id, "failed")
            self.typing, self.streaming = bool(self._in_flight), ""
            return rx.toast.error(problem)
        return await self._show_exchange(client_id, session_id, user, exchange)
