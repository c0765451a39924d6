"""What the manager console shows: active conversations and, audited, one customer's transcript."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Self

from sqlalchemy import func
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.errors import SessionNotFound
from bankchat.models import ChatSession, Handoff, Message, Session, User
from bankchat.services import audit, handoffs
from bankchat.services.roles import require_manager
from bankchat.services.session_manager import looks_like_session_id
from bankchat.services.views import MessageView, UserView

TRANSCRIPT_LIMIT = 200
"""The console shows a conversation's latest 200 messages."""


@dataclass(frozen=True)
class Conversation:
    """Which conversation, whose, and since when: what the console says of any conversation it shows."""

    session_id: str
    customer: str
    customer_name: str
    title: str
    started_at: datetime

    @classmethod
    def of(cls, session: Session, chat: ChatSession, customer: User, **more: Any) -> Self:
        """The conversation of a ``_CONVERSATIONS`` row, with ``more`` (the subclass's own fields)."""
        return cls(
            session_id=session.id,
            customer=customer.username,
            customer_name=customer.display_name,
            title=chat.title,
            started_at=session.created_at,
            **more,
        )


@dataclass(frozen=True)
class ActiveSession(Conversation):
    """One live conversation as the console lists it."""

    last_activity_at: datetime
    message_count: int
    agent_mix: dict[str, int]
    """Bot replies by agent, e.g. ``{"accounts": 3, "transfers": 1}``."""
    handoff: str
    """``queued``, ``claimed`` or empty."""


@dataclass(frozen=True)
class StaffTranscript(Conversation):
    """A customer's conversation as a member of staff sees it."""

    status: str
    handoff: str
    messages: list[MessageView]
    claimed_by_id: int | None


_CONVERSATIONS = (
    select(Session, ChatSession, User)
    .join(ChatSession, col(ChatSession.session_id) == col(Session.id))
    .join(User, col(User.id) == col(Session.user_id))
)
"""A conversation with its chat side and its customer; each caller adds its ``where``."""


def active_sessions(db: Db, *, manager: UserView, limit: int = 50) -> list[ActiveSession]:
    """Active conversations that have messages, most recently active first (managers only)."""
    require_manager(manager)
    rows = db.exec(
        _CONVERSATIONS.where(Session.status == "active", col(ChatSession.message_count) > 0)
        .order_by(col(Session.last_activity_at).desc())
        .limit(limit)
    ).all()
    ids = [s.id for s, _, _ in rows]
    mix: dict[str, dict[str, int]] = defaultdict(dict)
    status: dict[str, str] = {}
    if ids:
        counts = db.exec(
            select(Message.session_id, Message.agent, func.count())
            .where(col(Message.session_id).in_(ids), Message.role == "assistant")
            .group_by(col(Message.session_id), col(Message.agent))
        ).all()
        for session_id, agent, n in counts:
            mix[session_id][agent or "?"] = n
        open_handoffs = select(Handoff.session_id, Handoff.status).where(
            col(Handoff.session_id).in_(ids), col(Handoff.status).in_(handoffs.OPEN)
        )
        status = dict(db.exec(open_handoffs).all())
    return [
        ActiveSession.of(
            s,
            c,
            u,
            last_activity_at=s.last_activity_at,
            message_count=c.message_count,
            agent_mix=dict(sorted(mix[s.id].items(), key=lambda kv: -kv[1])),
            handoff=status.get(s.id, ""),
        )
        for s, c, u in rows
    ]


def transcript(
    db: Db, *, manager: UserView, session_id: object, after_id: int = 0, audited: bool = True
) -> StaffTranscript:
    """A conversation's latest messages (after ``after_id``), written to the audit log when ``audited``.

    Managers only (``NotAManager`` for anyone else).
    """
    require_manager(manager)
    if not looks_like_session_id(session_id):
        raise SessionNotFound
    assert isinstance(session_id, str)
    found = db.exec(_CONVERSATIONS.where(Session.id == session_id)).first()
    if found is None:
        raise SessionNotFound
    session, chat, customer = found
    recent = db.exec(
        select(Message)
        .where(Message.session_id == session_id, col(Message.id) > after_id)
        .order_by(col(Message.id).desc())
        .limit(TRANSCRIPT_LIMIT)
    ).all()
    if audited:
        audit.record(
            db, actor_id=manager.id, action="view_transcript", session_id=session_id, subject_user_id=customer.id
        )
    handoff = handoffs.open_handoff(db, session_id)
    return StaffTranscript.of(
        session,
        chat,
        customer,
        status=session.status,
        handoff=handoff.status if handoff is not None else "",
        messages=[MessageView.of(m) for m in reversed(recent)],
        claimed_by_id=handoff.claimed_by if handoff is not None else None,
    )
