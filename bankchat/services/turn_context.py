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

from sqlalchemy import Select, and_, bindparam, exists
from sqlalchemy.orm import aliased
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.agents.types import PendingStep
from bankchat.errors import SessionNotFound
from bankchat.models import ChatSession, ConversationState, Handoff, Message, Session
from bankchat.services.rate_limits import limit_th_message, message_rate_params


@dataclass(frozen=True)
class TurnContext:
    """A conversation as a new message finds it."""

    session: Session
    chat: ChatSession
    seen: Message | None
    """The customer's message already stored under this client message ID, if any."""
    pending: PendingStep | None
    """The step waiting for the customer's answer."""
    held: bool
    """A person holds the conversation: the agents must not answer."""
    limit_th: datetime | None
    """See ``rate_limits.limit_th_message``: not None when the user's window is full."""


@functools.cache
def _statement() -> Select[tuple[Session, ChatSession, Message | None, dict | None, bool, datetime | None]]:
    """Built once with bound parameters: a turn pays for no SQL construction, only for running it."""
    seen = aliased(Message)
    held = exists().where(col(Handoff.session_id) == col(Session.id), Handoff.status == "claimed")
    return (
        select(  # type: ignore[return-value]
            Session,
            ChatSession,
            seen,
            ConversationState.pending,
            held.label("held"),
            limit_th_message().scalar_subquery().label("limit_th"),
        )
        .join(ChatSession, col(ChatSession.session_id) == col(Session.id))
        .outerjoin(ConversationState, col(ConversationState.session_id) == col(Session.id))
        .outerjoin(
            seen,
            and_(
                col(seen.session_id) == col(Session.id),
                # A None client ID binds SQL NULL, which equals nothing: no replay without an ID.
                col(seen.client_message_id) == bindparam("client_id"),
                seen.role == "user",
            ),
        )
        .where(col(Session.id) == bindparam("session_id"))
    )


def read_turn_context(db: Db, *, session_id: str, user_id: int, client_id: str | None, now: datetime) -> TurnContext:
    """The owner's conversation and what the turn needs; ``SessionNotFound`` for anyone else's."""
    params = {"session_id": session_id, "client_id": client_id, **message_rate_params(user_id, now)}
    row = db.exec(_statement(), params=params).first()
    if row is None or row[0].user_id != user_id:
        raise SessionNotFound
    session, chat, seen, pending, held, limit_th = row
    return TurnContext(
        session=session,
        chat=chat,
        seen=seen,
        pending=PendingStep.from_json(pending),
        held=bool(held),
        limit_th=limit_th,
    )
