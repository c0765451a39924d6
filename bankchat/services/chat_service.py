"""ChatService: conversations under SessionManager's IDs, messages, history, agent turns."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat import logs
from bankchat.agents.types import Customer, HistoryItem, Orchestrator, PendingStep, Reply, Turn
from bankchat.db import session_scope
from bankchat.errors import (
    AgentsUnavailable,
    BankChatError,
    Conflict,
    InvalidInput,
    MissingSessionId,
    SessionClosed,
    SessionNotFound,
)
from bankchat.models import ChatSession, ConversationState, Message, Session, utcnow
from bankchat.services import handoffs
from bankchat.services.message_text import clean_client_id, clean_content, storable
from bankchat.services.rate_limits import check_message_rate, check_session_rate
from bankchat.services.session_manager import SessionManager, looks_like_session_id
from bankchat.services.views import MessageView, SessionView, UserView
from bankchat.settings import get_settings

log = logging.getLogger("bankchat.chat_service")

HISTORY_FOR_AGENTS = 12
MAX_TITLE_CHARS = 120


@dataclass(frozen=True)
class Exchange:
    """A stored user message and the stored reply to it."""

    message: MessageView
    reply: MessageView | None
    """None while a person holds the conversation: the bot stays quiet and staff answer."""
    replayed: bool
    """True when the client message ID had been seen: nothing new was stored."""
    held: bool = False
    """True when the message went to the person holding the conversation, not to the agents."""


@dataclass(frozen=True)
class HistoryPage:
    """Messages oldest first, and the cursor for the page before them (or None)."""

    messages: list[MessageView]
    next_before: int | None


class ChatService:
    """Conversations and their messages; hands each turn to the orchestrator."""

    def __init__(self, *, orchestrator: Orchestrator, sessions: SessionManager | None = None) -> None:
        self.orchestrator = orchestrator
        self.sessions = sessions or SessionManager()

    # --- conversations -------------------------------------------------

    def create_chat_session(
        self, *, db: Db, user_id: int, session_id: str | None, user_data: dict[str, Any] | None = None
    ) -> ChatSession:
        """Create the chat session for a session SessionManager already issued.

        A missing ID is refused (``MissingSessionId``), never stored; an unknown or
        foreign ID is ``SessionNotFound``.
        """
        if session_id is None or session_id == "":
            raise MissingSessionId("A chat session needs the session ID issued by SessionManager")
        self.sessions.get_owned(db=db, session_id=session_id, user_id=user_id)
        if db.exec(select(ChatSession.id).where(ChatSession.session_id == session_id)).first() is not None:
            raise Conflict("This session already has a chat session")
        chat = ChatSession(session_id=session_id, user_id=user_id, user_data=dict(user_data or {}))
        db.add(chat)
        db.flush()
        logs.event(log, "Chat session created", session_id=session_id, user_id=user_id)
        return chat

    def start_conversation(
        self, *, db: Db, user: UserView, metadata: dict[str, Any] | None = None, user_data: dict[str, Any] | None = None
    ) -> SessionView:
        """Both rows of a new conversation, in the caller's one transaction; ``RateLimited`` past the limit."""
        check_session_rate(db=db, user_id=user.id)
        session = self.sessions.create_session(db=db, user_id=user.id, metadata=metadata)
        chat = self.create_chat_session(db=db, user_id=user.id, session_id=session.id, user_data=user_data)
        return SessionView.of(session, chat)

    def _owned(self, db: Db, session_id: object, user_id: int) -> tuple[Session, ChatSession]:
        session = self.sessions.get_owned(db=db, session_id=session_id, user_id=user_id)
        chat = db.exec(select(ChatSession).where(ChatSession.session_id == session.id)).first()
        if chat is None:
            raise SessionNotFound
        return session, chat

    def get_conversation(self, *, db: Db, session_id: object, user_id: int) -> SessionView:
        """One of the caller's conversations."""
        return SessionView.of(*self._owned(db, session_id, user_id))

    def list_conversations(self, *, db: Db, user_id: int, limit: int = 100) -> list[SessionView]:
        """The caller's open conversations, most recently active first."""
        rows = db.exec(
            select(Session, ChatSession)
            .join(ChatSession, col(ChatSession.session_id) == col(Session.id))
            .where(Session.user_id == user_id, Session.status != "closed")
            .order_by(col(Session.last_activity_at).desc(), col(Session.created_at).desc())
            .limit(limit)
        ).all()
        return [SessionView.of(s, c) for s, c in rows]

    def rename(self, *, db: Db, session_id: object, user_id: int, title: object) -> SessionView:
        """Give a conversation a new title (a longer one is cut to 120 characters)."""
        if not isinstance(title, str) or not title.strip():
            raise InvalidInput("The title is empty")
        session, chat = self._owned(db, session_id, user_id)
        chat.title = storable(title).strip()[:MAX_TITLE_CHARS]
        db.add(chat)
        return SessionView.of(session, chat)

    def close(self, *, db: Db, session_id: object, user_id: int) -> None:
        """Close one of the caller's conversations (it leaves the list; history is kept)."""
        session, _ = self._owned(db, session_id, user_id)
        self.sessions.close(db=db, session=session)

    # --- messages --------------------------------------------------------

    def history(
        self, *, db: Db, session_id: object, user_id: int, before: int | None = None, limit: int | None = None
    ) -> HistoryPage:
        """A page of messages oldest first; ``before`` is a message ID cursor."""
        self._owned(db, session_id, user_id)
        size = get_settings().history_page_size if limit is None else limit
        if not 1 <= size <= 500:
            raise InvalidInput("limit must be between 1 and 500")
        query = select(Message).where(Message.session_id == session_id)
        if before is not None:
            query = query.where(col(Message.id) < before)
        rows = list(db.exec(query.order_by(col(Message.id).desc()).limit(size + 1)).all())
        more = len(rows) > size
        rows = rows[:size]
        rows.reverse()
        return HistoryPage(
            messages=[MessageView.of(m) for m in rows], next_before=rows[0].id if more and rows else None
        )

    def send_message(
        self,
        *,
        session_id: str | None,
        user: UserView,
        content: object,
        client_message_id: object = None,
        on_token: Callable[[str], None] | None = None,
    ) -> Exchange:
        """Store the customer's message, let the agents answer, store the reply.

        The message is committed before the agents run, so nothing is lost if
        they fail. The same ``client_message_id`` twice returns the stored
        exchange and stores nothing new. ``RateLimited`` past the user's limit.
        """
        if session_id is None or session_id == "":
            raise MissingSessionId
        if not looks_like_session_id(session_id):
            raise SessionNotFound
        text = clean_content(content)
        client_id = clean_client_id(client_message_id)

        stored = self._store_user_message(session_id=session_id, user=user, text=text, client_id=client_id)
        if isinstance(stored, Exchange):
            return stored
        message, history, pending, is_held = stored
        if is_held:
            logs.event(log, "Message kept for staff", session_id=session_id, user_id=user.id, message_id=message.id)
            return Exchange(message=message, reply=None, replayed=False, held=True)
        turn = Turn(
            session_id=session_id,
            customer=Customer(user_id=user.id, display_name=user.display_name),
            text=message.content,
            history=history,
            pending=pending,
            on_token=on_token,
        )
        started = time.perf_counter()
        try:
            reply = self.orchestrator.respond(turn)
        except BankChatError:
            raise
        except Exception as exc:
            logs.event(
                log, "Agents failed", level=logging.ERROR, session_id=session_id, user_id=user.id, error=repr(exc)[:300]
            )
            log.debug("Agents failed", exc_info=True)
            raise AgentsUnavailable from exc
        latency_ms = round((time.perf_counter() - started) * 1000)
        exchange = self._store_reply(
            message=message, reply=reply, latency_ms=latency_ms, had_pending=pending is not None
        )
        logs.event(
            log,
            "Message processed successfully",
            session_id=session_id,
            user_id=user.id,
            message_id=exchange.message.id,
            agent=reply.agent,
            intent=reply.intent,
            latency_ms=latency_ms,
        )
        return exchange

    def _store_user_message(
        self, *, session_id: str, user: UserView, text: str, client_id: str | None
    ) -> Exchange | Prepared:
        with session_scope() as db:
            session, chat = self._owned(db, session_id, user.id)
            if client_id is not None:
                seen = self._by_client_id(db, session_id, client_id)
                if seen is not None:
                    return self._replay(db, seen)
            try:
                self.sessions.require_active(db=db, session=session)
            except SessionClosed:
                db.commit()  # keep an idle session's new "expired" status
                raise
            check_message_rate(db=db, user_id=user.id)  # after the replay check: a retry is never refused
            message = Message(session_id=session_id, role="user", content=text, client_message_id=client_id)
            db.add(message)
            if chat.message_count == 0 and chat.title == "New conversation":
                chat.title = _title_from(text)
            chat.message_count += 1
            chat.updated_at = utcnow()
            db.add(chat)
            self.sessions.touch(db=db, session=session)
            try:
                db.flush()
            except IntegrityError:
                # The same client ID raced in from another request: answer with that one.
                db.rollback()
                seen = self._by_client_id(db, session_id, client_id or "")
                if seen is None:
                    raise
                return self._replay(db, seen)
            assert message.id is not None
            return _prepared(db, message)

    def _by_client_id(self, db: Db, session_id: str, client_id: str) -> Message | None:
        return db.exec(
            select(Message).where(
                Message.session_id == session_id,
                Message.client_message_id == client_id,
                Message.role == "user",
            )
        ).first()

    def _replay(self, db: Db, message: Message) -> Exchange | Prepared:
        reply = db.exec(select(Message).where(Message.reply_to_id == message.id)).first()
        if reply is None:
            # Stored earlier but never answered (the agents failed, or staff held the conversation).
            prepared = _prepared(db, message)
            if prepared[3]:
                return Exchange(message=prepared[0], reply=None, replayed=True, held=True)
            return prepared
        return Exchange(message=MessageView.of(message), reply=MessageView.of(reply), replayed=True)

    def _store_reply(self, *, message: MessageView, reply: Reply, latency_ms: int, had_pending: bool) -> Exchange:
        with session_scope() as db:
            # Write first: it takes the lock (the row's on PostgreSQL, the database's on
            # SQLite), so two requests replaying one unanswered message store one reply.
            db.execute(
                update(ChatSession)
                .where(col(ChatSession.session_id) == message.session_id)
                .values(message_count=col(ChatSession.message_count) + 1, updated_at=utcnow())
            )
            existing = db.exec(select(Message).where(Message.reply_to_id == message.id)).first()
            if existing is not None:
                db.rollback()  # the other request counted it
                return Exchange(message=message, reply=MessageView.of(existing), replayed=True)
            row = Message(
                session_id=message.session_id,
                role="assistant",
                content=reply.content,
                reply_to_id=message.id,
                agent=reply.agent,
                intent=reply.intent,
                confidence=reply.confidence,
                latency_ms=latency_ms,
                trace={
                    "agent": reply.agent,
                    "intent": reply.intent,
                    "confidence": reply.confidence,
                    "actions": reply.actions,
                },
            )
            db.add(row)
            if reply.pending is not None or had_pending:
                _save_pending(db, message.session_id, reply.pending)
            db.flush()
            return Exchange(message=message, reply=MessageView.of(row), replayed=False)


Prepared = tuple[MessageView, tuple[HistoryItem, ...], PendingStep | None, bool]
"""A stored customer message with what the agents need to answer it: recent history, the waiting
step, and whether a person holds the conversation (then the agents must not answer)."""


def _prepared(db: Db, message: Message) -> Prepared:
    assert message.id is not None
    state = db.get(ConversationState, message.session_id)
    pending = PendingStep.from_json(state.pending) if state is not None else None
    is_held = handoffs.held(db, message.session_id)
    return MessageView.of(message), _recent_history(db, message.session_id, before_id=message.id), pending, is_held


def _save_pending(db: Db, session_id: str, pending: PendingStep | None) -> None:
    """The waiting step is stored with the reply, in the same transaction."""
    state = db.get(ConversationState, session_id)
    if state is None:
        if pending is None:
            return
        state = ConversationState(session_id=session_id)
    state.pending = pending.to_json() if pending is not None else None
    state.updated_at = utcnow()
    db.add(state)


def _recent_history(db: Db, session_id: str, before_id: int | None = None) -> tuple[HistoryItem, ...]:
    query = select(Message).where(Message.session_id == session_id)
    if before_id is not None:
        query = query.where(col(Message.id) < before_id)
    recent = db.exec(query.order_by(col(Message.id).desc()).limit(HISTORY_FOR_AGENTS)).all()
    return tuple(HistoryItem(role=m.role, content=m.content, agent=m.agent) for m in reversed(recent))


def _title_from(text: str) -> str:
    first_line = text.splitlines()[0] if text else text
    return first_line[:60] + ("…" if len(first_line) > 60 else "")
