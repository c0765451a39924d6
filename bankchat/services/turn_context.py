"""What a chat turn must know before it stores the customer's message, read in one statement.

One ``SELECT`` returns the session and its chat session (ownership), the message
stored earlier under the same client message ID (an idempotent replay), the
waiting step, whether a person holds the conversation, and the per-user rate
limit's probe. Five statements became one; the checks stay in ``ChatService``,
in the same order as before (replay before the limit, so a retry is never refused).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import FromClause, Row, Select, Table, and_, bindparam, exists, null, select
from sqlmodel import Session as Db

from bankchat.agents.types import PendingStep
from bankchat.db import run
from bankchat.errors import SessionNotFound
from bankchat.models import ApiToken, ChatSession, ConversationState, Handoff, Message, Session, table_of, view_of
from bankchat.services import auth
from bankchat.services.rate_limits import limit_th_message, message_rate_params, messages_limited
from bankchat.services.views import MessageView, UserView


@dataclass(frozen=True)
class Conversation:
    """The conversation's two rows, as far as a turn reads them."""

    session_id: str
    user_id: int
    status: str
    created_at: datetime
    last_activity_at: datetime
    chat_id: int
    message_count: int
    title_chosen: bool
    """The customer renamed it (``ChatSession.title_chosen``)."""


@dataclass(frozen=True)
class TurnContext:
    """A conversation as a new message finds it."""

    conversation: Conversation
    seen: MessageView | None
    """The customer's message already stored under this client message ID, if any."""
    pending: PendingStep | None
    """The step waiting for the customer's answer."""
    held: bool
    """A person holds the conversation: the agents must not answer."""
    limit_th: datetime | None
    """See ``rate_limits.limit_th_message``: not None when the user's window is full."""


_SESSIONS: Table = table_of(Session)
_CHATS: Table = table_of(ChatSession)
_STATES: Table = table_of(ConversationState)
_HANDOFFS: Table = table_of(Handoff)
_SEEN: FromClause = table_of(Message).alias("seen")
_TOKENS: Table = table_of(ApiToken)


@functools.cache
def _statement(limited: bool, by_token: bool = False) -> Select[Any]:
    """Built once with bound parameters: a turn pays for no SQL construction, only for running it (plain rows).

    ``limited``: with the rate limit's subquery (``messages_per_minute`` > 0); its cost grows with the
    messages to skip, so a load test that lifts the limit sets it to 0 instead of to a huge number.
    ``by_token``: the sign-in's token and owner too (``auth.TOKEN_AND_OWNER_COLUMNS``), one row per
    token found, its conversation's columns NULL when the session does not exist.
    """
    held = exists().where(_HANDOFFS.c.session_id == _SESSIONS.c.id, _HANDOFFS.c.status == "claimed")
    rate_user = _TOKENS.c.user_id if by_token else None  # the token's owner, as the separate sign-in gave
    columns = (
        _SESSIONS.c.id.label("session_id"),
        _SESSIONS.c.user_id.label("owner_id"),
        _SESSIONS.c.status,
        _SESSIONS.c.created_at.label("started_at"),
        _SESSIONS.c.last_activity_at,
        _CHATS.c.id.label("chat_id"),
        _CHATS.c.message_count,
        _CHATS.c.title_chosen,
        *(column.label(f"seen_{column.name}") for column in _SEEN.c),
        _STATES.c.pending,
        held.label("held"),
        (limit_th_message(rate_user).scalar_subquery() if limited else null()).label("limit_th"),
    )
    is_the_session = _SESSIONS.c.id == bindparam("session_id")
    chat = _CHATS.c.session_id == _SESSIONS.c.id
    if by_token:
        rows = auth.TOKEN_AND_OWNER.outerjoin(_SESSIONS, is_the_session).outerjoin(_CHATS, chat)
        statement = select(*auth.TOKEN_AND_OWNER_COLUMNS, *columns).select_from(rows)
    else:
        statement = select(*columns).select_from(_SESSIONS.join(_CHATS, chat))
    statement = statement.outerjoin(_STATES, _STATES.c.session_id == _SESSIONS.c.id).outerjoin(
        _SEEN,
        and_(
            _SEEN.c.session_id == _SESSIONS.c.id,
            # A None client ID binds SQL NULL, which equals nothing: no replay without an ID.
            _SEEN.c.client_message_id == bindparam("client_id"),
            _SEEN.c.role == "user",
        ),
    )
    by = _TOKENS.c.token_hash == bindparam("token_hash")
    return statement.where(by if by_token else is_the_session)


def read_turn_context(db: Db, *, session_id: str, user_id: int, client_id: str | None, now: datetime) -> TurnContext:
    """The owner's conversation and what the turn needs; ``SessionNotFound`` for anyone else's."""
    limited = messages_limited()
    rate = message_rate_params(user_id, now) if limited else {}
    row = run(db, _statement(limited), {"session_id": session_id, "client_id": client_id, **rate}).first()
    return _context(row, user_id)


def read_signed_in_turn(
    db: Db, *, token: str, session_id: str, client_id: str | None, now: datetime
) -> tuple[UserView, TurnContext]:
    """``auth.user_for_token`` and ``read_turn_context`` in one statement, refusing in the same order:
    ``InvalidToken`` (logged, nothing else read) before ``SessionNotFound``."""
    limited = messages_limited()
    rate = message_rate_params(None, now) if limited else {}
    params = {"session_id": session_id, "client_id": client_id, **rate}
    found: list[Row[Any] | None] = []

    def read(token_hash: str) -> Row[Any] | None:
        found.append(run(db, _statement(limited, by_token=True), {**params, "token_hash": token_hash}).first())
        return found[0]

    user = auth.user_for_token(db=db, token=token, read=read)
    return user, _context(found[0], user.id)


def _context(row: Row[Any] | None, user_id: int) -> TurnContext:
    if row is None or row.session_id is None or row.chat_id is None or row.owner_id != user_id:
        raise SessionNotFound
    return TurnContext(
        conversation=view_of(
            Conversation, row, user_id=row.owner_id, created_at=row.started_at, title_chosen=bool(row.title_chosen)
        ),
        seen=_seen(row),
        pending=PendingStep.from_json(row.pending),
        held=bool(row.held),
        limit_th=row.limit_th,
    )


def _seen(row: Row[Any]) -> MessageView | None:
    """The message stored earlier under the client message ID: the row's ``seen_`` columns, or None."""
    if row.seen_id is None:
        return None
    seen = SimpleNamespace(
        **{name.removeprefix("seen_"): value for name, value in row._mapping.items() if name.startswith("seen_")}
    )
    return view_of(MessageView, seen, trace=dict(seen.trace or {}))
