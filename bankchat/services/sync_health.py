"""Session sync health: every chat session has SessionManager's session with the same ID and owner, and back.

The original defect was two services with their own idea of a session. The
schema makes a chat session without its session impossible (NOT NULL foreign
key), so this check is the operator's proof that it stays so in production: it
also finds owners that differ and sessions that never got their chat session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.models import ChatSession, Session, utcnow
from bankchat.services.roles import require_manager
from bankchat.services.views import UserView

MAX_LISTED = 100
"""At most this many mismatches are listed (all are counted)."""


@dataclass(frozen=True)
class Mismatch:
    """One conversation the two views disagree about."""

    session_id: str | None
    problem: str
    """``chat_without_session``, ``session_without_chat``, ``owner_differs`` or ``chat_without_id``."""
    detail: str


@dataclass(frozen=True)
class SyncReport:
    """What the check found."""

    checked_at: datetime
    sessions: int
    chat_sessions: int
    mismatch_count: int
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.mismatch_count == 0


def check(db: Db, *, manager: UserView) -> SyncReport:
    """Compare the ``session`` and ``chat_session`` tables row for row, in the database (managers only)."""
    require_manager(manager)
    found: list[Mismatch] = []
    orphan_chats = db.exec(
        select(ChatSession.session_id, ChatSession.user_id)
        .outerjoin(Session, col(Session.id) == col(ChatSession.session_id))
        .where(col(Session.id).is_(None))
    ).all()
    for session_id, user_id in orphan_chats:
        if session_id is None:
            found.append(Mismatch(None, "chat_without_id", f"a chat session of user {user_id} has no session ID"))
        else:
            found.append(Mismatch(session_id, "chat_without_session", f"SessionManager has no session {session_id}"))
    lonely = db.exec(
        select(Session.id, Session.user_id)
        .outerjoin(ChatSession, col(ChatSession.session_id) == col(Session.id))
        .where(col(ChatSession.id).is_(None))
    ).all()
    found += [
        Mismatch(session_id, "session_without_chat", f"session of user {user_id} has no chat session")
        for session_id, user_id in lonely
    ]
    owners = db.exec(
        select(Session.id, Session.user_id, ChatSession.user_id)
        .join(ChatSession, col(ChatSession.session_id) == col(Session.id))
        .where(col(ChatSession.user_id) != col(Session.user_id))
    ).all()
    found += [
        Mismatch(session_id, "owner_differs", f"session owner {owner}, chat session owner {chat_owner}")
        for session_id, owner, chat_owner in owners
    ]
    return SyncReport(
        checked_at=utcnow(),
        sessions=db.exec(select(func.count()).select_from(Session)).one(),
        chat_sessions=db.exec(select(func.count()).select_from(ChatSession)).one(),
        mismatch_count=len(found),
        mismatches=found[:MAX_LISTED],
    )
