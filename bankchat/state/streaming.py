"""A reply streamed from the optional LLM: shown as it grows, and the "Stop" button.

A mixin of ``ChatState``: what it needs from there is declared in the class.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import reflex as rx

from bankchat.errors import BankChatError, ReplyStopped
from bankchat.services import Exchange, UserView
from bankchat.state import calls, stops
from bankchat.state.signed_in import signed_in

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

    if TYPE_CHECKING:  # what the state it is mixed into (``ChatState``) provides
        _session_id: str
        """The conversation on screen (a reply to another one is not shown as it grows)."""
        _in_flight: list[str]
        """Client message IDs being delivered right now."""
        typing: bool

        def _mark(self, key: str, status: str, message_id: str = "") -> None: ...

        async def _show_exchange(
            self, client_id: str, session_id: str, user: UserView, exchange: Exchange
        ) -> rx.event.EventSpec | None: ...

    def _end_stream(self) -> None:
        """The streamed reply is over (stored, stopped or failed): it leaves the screen."""
        self.streaming = ""

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
    @signed_in
    async def stop_reply(self, user: UserView) -> rx.event.EventSpec | None:
        """The "Stop" button: keep what was shown of the streaming reply as the stored reply."""
        client_id = self._streaming_id
        if not self.streaming or client_id not in self._in_flight:
            return None
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
            self.typing = bool(self._in_flight)
            self._end_stream()
            return rx.toast.error(problem)
        return await self._show_exchange(client_id, session_id, user, exchange)
