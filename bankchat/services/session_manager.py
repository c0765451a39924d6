"""SessionManager: the only creator of session IDs, and the sessions' lifecycle."""

from __future__ import annotations

import logging
import re
import secrets
import time
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Table, bindparam, update
from sqlmodel import Session as Db
from sqlmodel import col

from bankchat import logs
from bankchat.db import run
from bankchat.errors import SessionClosed, SessionNotFound
from bankchat.models import Session, table_of, utcnow
from bankchat.models.types import TOUCH_EVERY
from bankchat.settings import get_settings

log = logging.getLogger("bankchat.session_manager")


class Activity(Protocol):
    """What the lifecycle reads of a session: the ``Session`` row, or a turn's plain read of it."""

    @property
    def session_id(self) -> str: ...
    @property
    def user_id(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def last_activity_at(self) -> datetime: ...


_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
SESSION_ID_PATTERN = re.compile(r"^sess_[0-9a-z]{1,13}_[0-9a-z]{20,32}$")
"""What a session ID looks like; anything else is refused before any lookup."""
_EXPIRE = (
    update(Session)
    .where(col(Session.id) == bindparam("session_id"), col(Session.status) == "active")
    .values(status="expired")
)
_SESSIONS: Table = table_of(Session)
_TOUCH = update(_SESSIONS).where(_SESSIONS.c.id == bindparam("session_id")).values(last_activity_at=bindparam("now"))


def _base36(n: int) -> str:
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = _ALPHABET[r] + out
        if n == 0:
            return out


def new_session_id() -> str:
    """``sess_<ms since epoch in base36>_<128 random bits in base36>``."""
    return f"sess_{_base36(time.time_ns() // 1_000_000)}_{_base36(secrets.randbits(128)).rjust(25, '0')}"


def looks_like_session_id(value: object) -> bool:
    """Whether ``value`` has the shape of a session ID (it may still not exist)."""
    return isinstance(value, str) and len(value) <= 64 and SESSION_ID_PATTERN.match(value) is not None


class SessionManager:
    """Issues session IDs and keeps each session's status and activity."""

    def create_session(self, *, db: Db, user_id: int, metadata: dict[str, Any] | None = None) -> Session:
        """Create and flush a new active session owned by ``user_id``."""
        session = Session(id=new_session_id(), user_id=user_id, attributes=dict(metadata or {}))
        db.add(session)
        db.flush()
        logs.event(log, "Session created", session_id=session.id, user_id=user_id)
        return session

    def get_owned(self, *, db: Db, session_id: object, user_id: int) -> Session:
        """The caller's session; a missing, malformed or foreign ID is ``SessionNotFound``."""
        if not looks_like_session_id(session_id):
            raise SessionNotFound
        session = db.get(Session, session_id)
        if session is None or session.user_id != user_id:
            raise SessionNotFound
        return session

    def require_active(self, *, db: Db, session: Activity) -> None:
        """Raise ``SessionClosed`` unless ``session`` is active (expiring it when idle or too old)."""
        settings = get_settings()
        idle = timedelta(minutes=settings.session_idle_minutes)
        lifetime = timedelta(days=settings.session_max_age_days)
        now = utcnow()
        status = session.status
        if status == "active" and (now - session.last_activity_at > idle or now - session.created_at > lifetime):
            status = "expired"
            db.execute(_EXPIRE, {"session_id": session.session_id})
            logs.event(log, "Session expired", session_id=session.session_id, user_id=session.user_id)
        if status != "active":
            raise SessionClosed(f"This session is {status}")

    def touch(self, *, db: Db, session: Activity, now: datetime | None = None) -> None:
        """Record activity now: written at most once a minute (``TOUCH_EVERY``), far finer than the idle expiry."""
        now = now or utcnow()
        if now - session.last_activity_at < TOUCH_EVERY:
            return
        run(db, _TOUCH, {"session_id": session.session_id, "now": now})

    def close(self, *, db: Db, session: Session) -> None:
        """Close a session for good (idempotent)."""
        if session.status != "closed":
            session.status = "closed"
            session.closed_at = utcnow()
            db.add(session)
            logs.event(log, "Session closed", session_id=session.id, user_id=session.user_id)
