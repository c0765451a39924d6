"""Thumbs up or down on the bot's replies: the customer rates, the console counts per agent."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat import logs
from bankchat.errors import InvalidInput, NotFound
from bankchat.models import Message, MessageFeedback, table_of, utcnow
from bankchat.services.roles import require_manager
from bankchat.services.session_manager import SessionManager
from bankchat.services.upsert import upsert
from bankchat.services.views import UserView

log = logging.getLogger("bankchat.feedback")

RATINGS = ("up", "down")
MAX_IDS = 1000


@dataclass(frozen=True)
class AgentFeedback:
    """How customers rated one agent's replies."""

    agent: str
    up: int
    down: int

    @property
    def total(self) -> int:
        return self.up + self.down


def rate(*, db: Db, user_id: int, session_id: object, message_id: object, rating: object) -> str | None:
    """Store the owner's rating of a bot reply (``up``, ``down``, or None to clear it); returns it.

    ``message_id`` is the reply's public ID. Another user's conversation is ``SessionNotFound``;
    a message that is not a bot reply of this conversation is ``NotFound``, exactly like a missing one.
    """
    if rating is not None and rating not in RATINGS:
        raise InvalidInput("rating must be 'up', 'down' or null")
    SessionManager().get_owned(db=db, session_id=session_id, user_id=user_id)
    if not isinstance(message_id, str):
        raise NotFound("Message not found")
    message = db.exec(select(Message).where(Message.public_id == message_id, Message.session_id == session_id)).first()
    if message is None or message.role != "assistant":
        raise NotFound("Message not found")
    row_id = message.id
    if rating is None:
        db.execute(delete(MessageFeedback).where(col(MessageFeedback.message_id) == row_id))
    else:
        now = utcnow()
        row = {"message_id": row_id, "user_id": user_id, "rating": rating, "created_at": now, "updated_at": now}
        upsert(
            db,
            table_of(MessageFeedback),
            values=row,
            keys=("message_id",),
            on_conflict=lambda excluded: {"rating": excluded.rating, "updated_at": excluded.updated_at},
        )
    logs.event(log, "Reply rated", session_id=session_id, user_id=user_id, message_id=message_id, rating=rating)
    return str(rating) if rating is not None else None


def ratings_for(*, db: Db, user_id: int, message_ids: Iterable[int]) -> dict[int, str]:
    """The user's ratings of these messages, by message ID (unrated ones are left out)."""
    ids = sorted({i for i in message_ids if isinstance(i, int)})[:MAX_IDS]
    if not ids:
        return {}
    rows = db.exec(
        select(MessageFeedback.message_id, MessageFeedback.rating).where(
            MessageFeedback.user_id == user_id, col(MessageFeedback.message_id).in_(ids)
        )
    ).all()
    return {int(message_id): rating for message_id, rating in rows}


def counts_per_agent(*, db: Db, manager: UserView) -> list[AgentFeedback]:
    """Ratings per agent, most rated first (managers only)."""
    require_manager(manager)
    rows = db.exec(
        select(Message.agent, MessageFeedback.rating, func.count())
        .select_from(MessageFeedback)
        .join(Message, col(Message.id) == col(MessageFeedback.message_id))
        .group_by(col(Message.agent), col(MessageFeedback.rating))
    ).all()
    tally: dict[str, dict[str, int]] = {}
    for agent, rating, n in rows:
        tally.setdefault(agent or "unknown", {"up": 0, "down": 0})[rating] = int(n)
    result = [AgentFeedback(agent=a, up=c.get("up", 0), down=c.get("down", 0)) for a, c in tally.items()]
    return sorted(result, key=lambda f: (-f.total, f.agent))
