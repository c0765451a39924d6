"""ChatService: a customer's message stored, the agents' reply stored, exactly once, nothing lost."""

from __future__ import annotations

import functools
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, Text, Update, bindparam, cast, insert, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat import logs
from bankchat.agents.guardrails import hide_secrets
from bankchat.agents.types import Customer, HistoryItem, Orchestrator, PendingStep, Reply, Subject, Turn
from bankchat.db import run, session_scope
from bankchat.errors import (
    AgentsUnavailable,
    BankChatError,
    MissingSessionId,
    SessionClosed,
    SessionNotFound,
)
from bankchat.models import ChatSession, ConversationState, Message, table_of, utcnow
from bankchat.models.types import new_message_public_id
from bankchat.services.conversations import Conversations
from bankchat.services.message_text import clean_client_id, clean_content
from bankchat.services.rate_limits import refuse_message_if_full
from bankchat.services.session_manager import SessionManager, looks_like_session_id
from bankchat.services.turn_context import TurnContext, read_signed_in_turn, read_turn_context
from bankchat.services.upsert import insert_if_new, upsert_row
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
        return self.orchestrator.streams

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
        return self._send(
            session_id=session_id, who=user, content=content, client_message_id=client_message_id, on_token=on_token
        )[1]

    def send_message_as(
        self,
        *,
        token: str,
        session_id: str | None,
        content: object,
        client_message_id: object = None,
        on_token: Callable[[str], None] | None = None,
    ) -> tuple[UserView, Exchange]:
        """``send_message`` for the holder of a sign-in token (``InvalidToken`` otherwise, nothing stored).

        The token is checked in the transaction that stores the message: one round trip, not two.
        """
        return self._send(
            session_id=session_id, who=token, content=content, client_message_id=client_message_id, on_token=on_token
        )

    def _send(
        self,
        *,
        session_id: str | None,
        who: UserView | str,
        content: object,
        client_message_id: object,
        on_token: Callable[[str], None] | None,
    ) -> tuple[UserView, Exchange]:
        if session_id is None or session_id == "":
            raise MissingSessionId
        if not looks_like_session_id(session_id):
            raise SessionNotFound
        text = hide_secrets(clean_content(content))  # a card number or PIN is never stored, shown or logged
        client_id = clean_client_id(client_message_id)

        user, stored = self._store_user_message(session_id=session_id, who=who, text=text, client_id=client_id)
        if isinstance(stored, Exchange):
            return user, stored
        message, history, pending, is_held = stored
        if is_held:
            logs.event(log, "Message kept for staff", session_id=session_id, user_id=user.id, message_id=message.id)
            return user, Exchange(message=message, reply=None, replayed=False, held=True)
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
        return user, exchange

    def _store_user_message(
        self, *, session_id: str, who: UserView | str, text: str, client_id: str | None
    ) -> tuple[UserView, Exchange | Prepared]:
        """One transaction: one read of the conversation (and the sign-in, given a token), three writes, the history."""
        with session_scope() as db:
            now = utcnow()
            if isinstance(who, UserView):
                user = who
                ctx = read_turn_context(db, session_id=session_id, user_id=user.id, client_id=client_id, now=now)
            else:
                user, ctx = read_signed_in_turn(db, token=who, session_id=session_id, client_id=client_id, now=now)
            if ctx.seen is not None:
                return user, self._replay(db, ctx.seen, ctx)
            try:
                self.sessions.require_active(db=db, session=ctx.conversation)
            except SessionClosed:
                db.commit()  # keep an idle session's new "expired" status
                raise
            refuse_message_if_full(ctx.limit_th, now=now, user_id=user.id)  # after the replay: a retry is never refused
            chat = ctx.conversation
            title = _title_from(text) if chat.message_count == 0 and not chat.title_chosen else None
            values = _message_values(
                session_id=session_id, role="user", content=text, client_message_id=client_id, now=now
            )
            try:
                message = _view(run(db, _INSERT_MESSAGE, values).scalar_one(), values)
            except IntegrityError:
                # The same client ID raced in from another request: answer with that one.
                db.rollback()
                seen = self._by_client_id(db, session_id, client_id or "")
                if seen is None:
                    raise
                return user, self._replay(db, MessageView.of(seen), ctx)
            run(db, _count_message(title is not None), {"chat_id": chat.chat_id, "now": now, "new_title": title})
            self.sessions.touch(db=db, session=chat, now=now)
            history = _recent_history(db, session_id, before_id=message.id)
            return user, (message, history, ctx.pending, ctx.held)

    def _by_client_id(self, db: Db, session_id: str, client_id: str) -> Message | None:
        return db.exec(
            select(Message).where(
                Message.session_id == session_id,
                Message.client_message_id == client_id,
                Message.role == "user",
            )
        ).first()

    def _replay(self, db: Db, message: MessageView, ctx: TurnContext) -> Exchange | Prepared:
        reply = db.exec(_REPLY_TO, params={"message_id": message.id}).first()
        if reply is None:
            # Stored earlier but never answered (the agents failed, or staff held the conversation).
            if ctx.held:
                return Exchange(message=message, reply=None, replayed=True, held=True)
            return message, _recent_history(db, message.session_id, message.id), ctx.pending, False
        return Exchange(message=message, reply=MessageView.of(reply), replayed=True)

    def _store_reply(self, *, message: MessageView, reply: Reply, latency_ms: int, had_pending: bool) -> Exchange:
        """One transaction: the count, the reply (unless one exists), the waiting step (when there is or was one)."""
        with session_scope() as db:
            # Write first: it takes the lock (the row's on PostgreSQL, the database's on SQLite);
            # the unique index on reply_to_id then lets one of two racing replays store a reply.
            now = utcnow()
            count_reply(db, session_id=message.session_id, now=now)
            trace = {
                "agent": reply.agent,
                "intent": reply.intent,
                "confidence": reply.confidence,
                "actions": reply.actions,
                **({"subject": reply.subject.to_json()} if reply.subject is not None else {}),
                **({"quick_replies": list(reply.quick_replies)} if reply.quick_replies else {}),
            }
            stored = store_reply_once(
                db,
                message=message,
                content=reply.content,
                now=now,
                agent=reply.agent,
                intent=reply.intent,
                confidence=reply.confidence,
                latency_ms=latency_ms,
                trace=trace,
            )
            if stored is None:
                db.rollback()  # the other request stored and counted it
                existing = db.exec(_REPLY_TO, params={"message_id": message.id}).one()
                return Exchange(message=message, reply=MessageView.of(existing), replayed=True)
            if reply.pending is not None or had_pending:
                _save_pending(db, message.session_id, reply.pending)
            return Exchange(message=message, reply=stored, replayed=False)


Prepared = tuple[MessageView, tuple[HistoryItem, ...], PendingStep | None, bool]
"""A stored customer message with what the agents need to answer it: recent history, the waiting
step, and whether a person holds the conversation (then the agents must not answer)."""


def _save_pending(db: Db, session_id: str, pending: PendingStep | None) -> None:
    """The waiting step is stored with the reply, in the same transaction (one upsert)."""
    upsert_row(
        db,
        _STATES,
        values={
            "session_id": session_id,
            "pending": pending.to_json() if pending is not None else None,
            "updated_at": utcnow(),
        },
        keys=("session_id",),
        update=("pending", "updated_at"),
    )


_STATES: Table = table_of(ConversationState)
_MESSAGES: Table = table_of(Message)
"""The message table, for the turn's prebuilt statements (Core: no ORM unit of work on the hot path)."""
_INSERT_MESSAGE = insert(_MESSAGES).returning(_MESSAGES.c.id)
_CHATS: Table = table_of(ChatSession)
"""Updated as a table, not as the ORM entity: an ORM-enabled UPDATE costs five times as much to run."""
_COUNT_REPLY = (
    update(_CHATS)
    .where(_CHATS.c.session_id == bindparam("chat_of"))
    .values(message_count=_CHATS.c.message_count + 1, updated_at=bindparam("now"))
)
_REPLY_TO = select(Message).where(col(Message.reply_to_id) == bindparam("message_id"))
_HISTORY = (
    # The trace as its stored text: only the newest reply's is decoded (one of up to twelve).
    select(_MESSAGES.c.role, _MESSAGES.c.content, _MESSAGES.c.agent, cast(_MESSAGES.c.trace, Text))
    .where(_MESSAGES.c.session_id == bindparam("session_id"), _MESSAGES.c.id < bindparam("before_id"))
    .order_by(_MESSAGES.c.id.desc())
    .limit(HISTORY_FOR_AGENTS)
)


@functools.cache
def _count_message(retitle: bool) -> Update:
    """One more message in the conversation (and, for its first message, the title it gives it)."""
    values: dict[str, Any] = {"message_count": _CHATS.c.message_count + 1, "updated_at": bindparam("now")}
    if retitle:
        values["title"] = bindparam("new_title")
    return update(_CHATS).where(_CHATS.c.id == bindparam("chat_id")).values(**values)


def _message_values(
    *,
    session_id: str,
    role: str,
    content: str,
    now: datetime,
    client_message_id: str | None = None,
    reply_to_id: int | None = None,
    agent: str | None = None,
    intent: str | None = None,
    confidence: float | None = None,
    latency_ms: int | None = None,
    trace: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A new message row's columns (its public ID drawn here), for one ``INSERT … RETURNING id``."""
    return {
        "public_id": new_message_public_id(),
        "session_id": session_id,
        "role": role,
        "content": content,
        "client_message_id": client_message_id,
        "reply_to_id": reply_to_id,
        "agent": agent,
        "intent": intent,
        "confidence": confidence,
        "latency_ms": latency_ms,
        "author_id": None,
        "trace": trace or {},
        "created_at": now,
    }


def store_reply_once(
    db: Db,
    *,
    message: MessageView,
    content: str,
    now: datetime,
    agent: str,
    trace: dict[str, Any],
    intent: str | None = None,
    confidence: float | None = None,
    latency_ms: int | None = None,
) -> MessageView | None:
    """Store the reply to ``message``, or nothing (None) when it has one: the unique index on ``reply_to_id``
    decides, in one statement. The caller counts it in the conversation (``count_reply``)."""
    values = _message_values(
        session_id=message.session_id,
        role="assistant",
        content=content,
        now=now,
        reply_to_id=message.id,
        agent=agent,
        intent=intent,
        confidence=confidence,
        latency_ms=latency_ms,
        trace=trace,
    )
    row_id = insert_if_new(db, _MESSAGES, values=values, keys=("reply_to_id",), returning="id")
    return None if row_id is None else _view(row_id, values)


def count_reply(db: Db, *, session_id: str, now: datetime) -> None:
    """One more message in the conversation ``session_id`` (a reply), and its newest activity ``now``."""
    run(db, _COUNT_REPLY, {"chat_of": session_id, "now": now})


def _view(row_id: int, values: dict[str, Any]) -> MessageView:
    """The view of a message just stored from ``values``, without reading it back."""
    return MessageView(
        id=row_id,
        public_id=values["public_id"],
        session_id=values["session_id"],
        role=values["role"],
        content=values["content"],
        created_at=values["created_at"],
        client_message_id=values["client_message_id"],
        agent=values["agent"],
        intent=values["intent"],
        confidence=values["confidence"],
        trace=dict(values["trace"]),
    )


def _recent_history(db: Db, session_id: str, before_id: int) -> tuple[HistoryItem, ...]:
    """The last messages, oldest first; only the newest reply's subject is read (follow-ups lean on that one)."""
    recent = run(db, _HISTORY, {"session_id": session_id, "before_id": before_id}).all()
    newest_reply = next((i for i, row in enumerate(recent) if row[0] == "assistant"), None)
    return tuple(
        HistoryItem(
            role=role,
            content=content,
            agent=agent,
            subject=_subject_of(trace) if i == newest_reply else None,
        )
        for i, (role, content, agent, trace) in reversed(list(enumerate(recent)))
    )


def _subject_of(trace: str | None) -> Subject | None:
    """The subject a stored reply's trace (its JSON text) records, if any."""
    data = json.loads(trace) if trace else None
    return Subject.from_json(data.get("subject")) if isinstance(data, dict) else None


def _title_from(text: str) -> str:
    """The first line, with long numbers (an account number, an IBAN) cut to their last four: a title is on show."""
    first_line = text.splitlines()[0] if text else text
    first_line = _LONG_NUMBER.sub(lambda m: "••••" + re.sub(r"\W", "", m.group(0))[-4:], first_line)
    return first_line[:60] + ("…" if len(first_line) > 60 else "")


_LONG_NUMBER = re.compile(r"\b[A-Z]{2}\d{2}[A-Z0-9]{10,30}\b|\b\d{7,}\b", re.IGNORECASE)
"""Seven or more digits, or an IBAN (a spaced card-like number is hidden before: ``hide_secrets``)."""
