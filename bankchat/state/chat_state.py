"""ChatState: the conversation on screen. Every handler passes ``self._session_id`` to ChatService."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import reflex as rx

from bankchat.errors import (
    AgentsUnavailable,
    BankChatError,
    InvalidInput,
    InvalidToken,
    RateLimited,
    ReplyStopped,
    SessionClosed,
    SessionNotFound,
)
from bankchat.services import Exchange, HistoryPage, UserView, metrics
from bankchat.services.message_text import clean_content
from bankchat.services.turns import run_turn
from bankchat.settings import get_settings
from bankchat.state import calls
from bankchat.state.auth_state import AuthState
from bankchat.state.conversation_actions import ConversationActions
from bankchat.state.conversation_list import ConversationList
from bankchat.state.inputs import bounded_text, friendly
from bankchat.state.message_window import MessageWindow
from bankchat.state.rows import ChatMessage
from bankchat.state.signed_in import LOGIN_PAGE, signed_in
from bankchat.state.streaming import StreamingReply

log = logging.getLogger("bankchat.state")

RETRY_DELAYS = (0.5, 1.0, 2.0)
"""Back-off before each automatic retry of a failed delivery (then the message offers "Retry")."""
QUICK_TURN_SECONDS = 0.1
"""A turn answered within this shows the message and its reply in one delta; a slower one shows
the message first (one more delta, ``fresh`` re-sent whole). Under a tenth of a second the two
frames would look like one anyway."""
BUSY_TURNS = 4
"""With this many turns already running in this process, the server is saturated: every turn waits
its place in the worker threads for longer than ``QUICK_TURN_SECONDS``, and showing each message
first would cost one more delta per message just when CPU is scarcest."""
BUSY_TURN_SECONDS = 1.0
"""How long a turn may take, while the server is busy, before its message is shown on its own."""

DRAFT_SLACK = 2
"""The composer holds up to this many times the message limit (the counter says how much to cut)."""
NO_MESSAGES = HistoryPage(messages=[], next_before=None)
"""What a new conversation shows."""


class _TurnsRunning:
    """How many turns this process is running now (counted on the event loop's one thread)."""

    def __init__(self) -> None:
        self.count = 0

    @contextmanager
    def one_more(self) -> Iterator[int]:
        """Count one more turn while the block runs; gives how many were running before it."""
        self.count += 1
        try:
            yield self.count - 1
        finally:
            self.count -= 1


_TURNS = _TurnsRunning()


def patience(running: int) -> float:
    """How long to wait for a turn before its message is shown alone, with ``running`` turns before it."""
    return BUSY_TURN_SECONDS if running >= BUSY_TURNS else QUICK_TURN_SECONDS


class ChatState(StreamingReply, MessageWindow, ConversationActions, ConversationList, AuthState):
    """The signed-in user's conversations and the window of messages on screen.

    Made of ``ConversationList`` (the sidebar), ``ConversationActions`` (rename, delete, the
    dialogs), ``MessageWindow`` (the messages on screen) and ``StreamingReply`` (a reply as it
    streams, "Stop"), on ``AuthState`` (the sign-in); each declares what it needs from here.
    This class holds the conversation on screen (``_session_id``) and delivers messages.
    """

    draft: str = ""
    typing: bool = False
    loading: bool = True
    handoff: str = ""
    """``queued`` (a colleague was asked to join), ``claimed`` (BankChat staff hold the conversation) or empty."""
    conversation_view: int = 0
    """Counts the conversations this tab has shown: the page goes to the latest message when it changes."""
    refusal: str = ""
    """Why the last message was refused and when to try again (the rate limit); its text is back in the composer."""

    _session_id: str = ""
    """The session ID SessionManager issued for the conversation on screen (never sent to the browser)."""
    _in_flight: list[str] = []
    """Client message IDs being delivered right now."""
    _outbox: dict[str, str] = {}
    """Messages on their way, by client message ID (kept for a retry)."""

    # --- loading -------------------------------------------------------------

    @rx.event
    @signed_in
    async def open_chat_page(self, user: UserView) -> rx.event.EventSpec | None:
        """On page load: restore the user from the cookie and the conversation from the database."""
        conversations = await asyncio.to_thread(calls.list_sessions, user, self._sidebar_size + 1)
        if not conversations:
            conversations = [await asyncio.to_thread(calls.start_session, user)]
        ids = [c.session_id for c in conversations]
        if self._session_id not in ids:
            self._session_id = ids[0]
        self._show_sessions(conversations)
        await self._load_messages(user)
        self.loading = False
        return None

    async def _load_messages(self, user: UserView) -> None:
        page, ratings, handoff = await asyncio.to_thread(calls.open_conversation, user, self._session_id)
        self._show_page(page, ratings)
        self.handoff = handoff
        self.typing = bool(self._in_flight)  # a reply still on its way (e.g. after a reload)
        if self.refusal:
            self.refusal = ""
        self.conversation_view += 1

    # --- conversations ---------------------------------------------------------

    @rx.event
    @signed_in
    async def new_session(self, user: UserView) -> rx.event.EventSpec | None:
        """Start a new conversation (SessionManager issues its ID) and show it (on a phone, the drawer closes
        so the composer is in view)."""
        self.drawer_open = False
        if self._is_empty() and self._session_id:
            return rx.set_focus("chat-input")  # the conversation on screen is still empty
        try:
            created = await asyncio.to_thread(calls.start_session, user)
        except BankChatError as exc:
            return rx.toast.error(exc.detail)
        self._session_id = created.session_id
        await self._refresh_sessions(user)
        self._show_page(NO_MESSAGES, {})
        self.typing, self.handoff = False, ""
        self.conversation_view += 1
        return rx.set_focus("chat-input")

    @rx.event
    @signed_in
    async def switch_session(self, user: UserView, ref: int) -> rx.event.EventSpec | None:
        """Show another of the user's conversations (one gone from the list or from the bank is said so)."""
        try:
            self._session_id = self._session_at(ref)
            await self._load_messages(user)
        except SessionNotFound:
            return rx.toast.error("That conversation is no longer available.")
        self._show_active()  # the list itself is not re-sent: it only says which row is on screen
        return None

    # --- messages --------------------------------------------------------------

    @rx.event
    def set_draft(self, value: str) -> rx.event.EventSpec | None:
        """Keep the composer's text (it enables the send button); signed-in tabs only, bounded."""
        if not self._user_id or not isinstance(value, str):
            return None  # nothing is stored for a tab nobody signed in to
        limit = get_settings().max_message_chars
        # Longer than the limit is kept (the composer counts how much too long, and will not send
        # it) up to twice the limit: beyond that the cut is said, never silent.
        draft, problem = bounded_text(value, DRAFT_SLACK * limit)
        self.draft = draft
        if problem and draft:
            problem = f"That is far too long to send (at most {limit} characters); the box keeps {len(draft)}."
        return rx.toast.error(problem) if problem else None

    @rx.event
    async def send(self, form_data: dict) -> AsyncIterator[rx.event.EventSpec | None]:
        """Show the message and the reply (one delta when the turn is quick, else the message first).

        Without a streaming LLM the turn takes a few milliseconds and runs right here (one
        event). A streamed reply, or a first attempt that failed, goes to the background
        ``deliver``, which keeps the tab responsive and retries with the same client message ID.
        """
        text = form_data.get("message", "") if isinstance(form_data, dict) else ""
        if not isinstance(text, str) or not text.strip():
            return
        try:
            text = clean_content(text)  # the service's own rule, before anything is stored or shown
        except InvalidInput as exc:
            yield rx.toast.error(friendly(exc))
            return
        if (self._user_id == 0 or not self._session_id) and await self.open_chat_page() is not None:
            yield rx.redirect(LOGIN_PAGE)  # the sign-in is gone; the state could not be restored
            return
        client_id = f"web_{uuid.uuid4().hex}"
        if self.refusal:
            self.refusal = ""  # assigned only when set: every assignment is re-sent
        self._outbox[client_id] = text
        now = datetime.now(UTC).strftime("%H:%M")
        self._add_pending(ChatMessage(key=client_id, role="user", content=text, status="pending", time=now))
        self.draft = ""
        self.typing = True
        if calls.replies_stream():
            yield ChatState.deliver(client_id)
            return
        session_id, token = self._session_id, self._sign_in_token()
        try:
            with _TURNS.one_more() as running:
                turn = asyncio.ensure_future(run_turn(calls.send_message_as, token, session_id, text, client_id))
                done, _ = await asyncio.wait({turn}, timeout=patience(running))
                if not done:
                    yield None  # a slow turn: the message on screen now, the reply when it is stored
                user, exchange = await turn
        except InvalidToken:
            self._sign_out_locally()
            yield rx.redirect(LOGIN_PAGE)
            return
        except RateLimited as exc:
            self._refuse(client_id, text, exc)
            return
        except Exception:  # noqa: BLE001 - retried by ``deliver``, which reports what stays wrong
            yield ChatState.deliver(client_id)
            return
        yield await self._show_exchange(client_id, session_id, user, exchange)

    @rx.event
    def retry(self, key: str) -> rx.event.EventSpec | None:
        """Send a message that could not be delivered again, with the same client message ID."""
        if not isinstance(key, str) or key not in self._outbox:
            return None
        self._mark(key, "pending")
        self.typing = True
        return ChatState.deliver(key)

    @rx.event(background=True)
    async def deliver(self, client_id: str) -> rx.event.EventSpec | None:
        """Hand the message to ChatService with this state's session ID; show the reply."""
        # The cookie this event arrived with (its router headers, read before the state is
        # re-fetched); checked in the database with the send, in the worker thread.
        token = self._sign_in_token()
        async with self:
            text = self._outbox.get(client_id) if isinstance(client_id, str) else None
            session_id = self._session_id
            if text is None or not token:
                self.typing = bool(self._in_flight)
            elif client_id in self._in_flight:
                return None  # already on its way (a double click on "Retry")
            else:
                self._in_flight.append(client_id)
        if text is None:
            return None
        if not token:
            return rx.redirect(LOGIN_PAGE)
        error, code = "", ""
        exchange: Exchange | None = None
        user: UserView | None = None
        for attempt in range(len(RETRY_DELAYS) + 1):
            try:
                user, exchange = await self._send_streaming(token, session_id, text, client_id)
                break
            except ReplyStopped:
                return None  # "Stop" stored what was shown and freed the composer
            except InvalidToken:
                async with self:  # signed out elsewhere (or the sign-in expired): nothing was stored
                    if client_id in self._in_flight:
                        self._in_flight.remove(client_id)
                    self._sign_out_locally()
                return rx.redirect(LOGIN_PAGE)
            except RateLimited as exc:
                async with self:
                    if client_id in self._in_flight:
                        self._in_flight.remove(client_id)
                    self._refuse(client_id, text, exc)
                return None
            except SessionClosed as exc:
                error, code = "This conversation has ended. Start a new one to continue.", exc.code
                break
            except AgentsUnavailable as exc:
                error, code = exc.detail, exc.code  # the message is saved: retrying it is safe
                if attempt < len(RETRY_DELAYS):
                    await asyncio.sleep(RETRY_DELAYS[attempt])
            except BankChatError as exc:
                error, code = exc.detail, exc.code
                break
            except Exception:
                # A passing fault (a locked database, a dropped connection): the same client
                # message ID makes the retry safe; the server stores and answers it once.
                log.exception("Delivering a message failed", extra={"bankchat_fields": {"session_id": session_id}})
                error, code = "Your message could not be delivered. Please retry.", "delivery_failed"
                if attempt < len(RETRY_DELAYS):
                    await asyncio.sleep(RETRY_DELAYS[attempt])
        if exchange is None:
            await asyncio.to_thread(metrics.count_error, code)
        async with self:
            if client_id in self._in_flight:
                self._in_flight.remove(client_id)
            if exchange is None or user is None:
                self._mark(client_id, "failed")
                self.typing = bool(self._in_flight)
                self._end_stream()
                return rx.toast.error(error)
            return await self._show_exchange(client_id, session_id, user, exchange)

    def _refuse(self, client_id: str, text: str, exc: RateLimited) -> None:
        """Nothing was stored: take the message off the page, put its text back in the composer, say why."""
        self._outbox.pop(client_id, None)
        self._drop(client_id)
        self.typing = bool(self._in_flight)
        self._end_stream()
        if not self.draft:  # unless the customer has started typing something else meanwhile
            self.draft = text
        self.refusal = f"Not sent: {exc.detail} Your message is still in the box below."

    async def _show_exchange(
        self, client_id: str, session_id: str, user: UserView, exchange: Exchange
    ) -> rx.event.EventSpec | None:
        """Show a stored message and its reply (the state is held by the caller)."""
        self._outbox.pop(client_id, None)
        self._end_stream()
        self.typing = bool(self._in_flight)
        if session_id != self._session_id:
            return None  # the user switched away; the reply is stored and shows when they return
        # ``_show_new`` marks the message sent (it is the first of ``stored``, under its client ID).
        # A reload while it was on its way may have loaded both already, or (its history read
        # before the message was stored, e.g. the state rebuilt after Redis lost it) neither.
        stored = [exchange.message] if exchange.reply is None else [exchange.message, exchange.reply]
        self._show_new(stored)
        if exchange.held or self.handoff or (exchange.reply is not None and exchange.reply.agent == "handoff"):
            self.handoff = await asyncio.to_thread(calls.handoff_status, session_id)
        if self._sidebar_stale(session_id):
            await self._refresh_sessions(user)
        return None
