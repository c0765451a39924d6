"""ChatService: a customer's message stored, the agents' reply stored, exactly once, nothing lost."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat import logs
from bankchat.agents.types import Customer, HistoryItem, Orchestrator, PendingStep, Reply, Subject, Turn
from bankchat.db import session_scope
from bankchat.errors import (
    AgentsUnavailable,
    BankChatError,
    MissingSessionId,
    SessionClosed,
    SessionNotFound,
)
from bankchat.models import ChatSession, ConversationState, Message, utcnow
from bankchat.services import handoffs
from bankchat.services.conversations import Conversations
from bankchat.services.message_text import clean_client_id, clean_content
from bankchat.services.rate_limits import check_message_rate
from bankchat.services.session_manager import SessionManager, looks_like_session_id
from bankchat.services.views import MessageView, UserView

log = logging.getLogger("bankchat.chat_service")

HISTORY_FOR_AGENTS = 12


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


class ChatService(Conversations):
    """Conversations (see ``Conversations``) and their messages; hands each turn to the orchestrator."""

    def __init__(self, *, orchestrator: Orchestrator, sessions: SessionManager | None = None) -> None:
        super().__init__(sessions=sessions)
        self.orchestrator = orchestrator

    def orchestrator_streams(self) -> bool:
        """Whether a reply may arrive token by token (the agents use an LLM)."""
        return getattr(self.orchestrator, "llm", None) is not None

    # --- messages --------------------------------------------------------

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
                    **({"subject": reply.subject.to_json()} if reply.subject is not None else {}),
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
    return tuple(
        HistoryItem(role=m.role, content=m.content, agent=m.agent, subject=Subject.from_json((m.trace or {}).get("subject")))
        for m in reversed(recent)
    )


def _title_from(text: str) -> str:
    first_line = text.splitlines()[0] if text else text
    return first_line[:60] + ("…" if len(first_line) > 60 else "")
