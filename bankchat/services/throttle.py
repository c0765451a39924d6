"""Brute-force protection for sign-in, per username and per client address, kept in the database.

Policy (numbers from settings; defaults in brackets):

- **Per username**: after ``login_max_failures_per_user`` [5] failures within
  ``login_failure_window_seconds`` [15 min], the username is refused for
  ``login_lockout_base_seconds`` [60 s] from its latest failure, doubling with
  each further failure up to ``login_lockout_max_seconds`` [15 min]. A successful
  sign-in clears the username's failures. Unknown usernames are throttled the same
  way, so the throttle says nothing about which accounts exist.
- **The lock holds only where the failures came from** (pen-test 18.9c): a locked
  username is refused to every address that has failed for it within the window
  (and to callers with no address), but an address with no failure for it is let
  through to the password check. Why: otherwise anyone who knows a customer's
  username keeps them out indefinitely with a few wrong guesses every 15 minutes.
  Now the customer, signing in from their own address, still gets in; the stranger
  stays locked. The price: while a username is locked, a guesser with many
  addresses gets one guess per fresh address per window (each wrong one locks that
  address out too), still capped by the per-address limit below and by the cost
  of argon2. Chosen over a device cookie because it needs no new state and covers
  API clients, which carry no cookie; a device cookie would also let a customer
  in who shares an address (NAT) with the attacker, and could be added later.
- **Per client address**: ``login_max_failures_per_address`` [20] failures within
  the window refuse every sign-in from that address until the oldest of them
  leaves the window. A success does not clear them. A caller that gives no
  address (a service call outside HTTP) gets the per-username limit only.

A refused attempt raises ``TooManyAttempts`` (429 with ``Retry-After``) before any
password is checked, so it cannot tell a right password from a wrong one. Every
admitted attempt is stored as a failure *before* the password check (its own,
committed transaction: a caller's rollback cannot erase it, and parallel guesses
see each other) and marked a success afterwards. All workers share the table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, true
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.errors import TooManyAttempts
from bankchat.models import LoginAttempt, utcnow
from bankchat.settings import get_settings

MAX_KEY_CHARS = 64
PRUNE_EVERY = 100
"""Every this many attempts, rows older than the window are deleted."""


@dataclass(frozen=True)
class Refusal:
    """Why and for how long an attempt is refused."""

    scope: str
    """``username`` or ``address``."""
    retry_after: int
    """Whole seconds until an attempt may be let through again."""


def username_key(username: object) -> str:
    """The form a username is counted under: trimmed, lower-cased, at most 64 characters."""
    return username.strip().lower()[:MAX_KEY_CHARS] if isinstance(username, str) else ""


def address_key(address: str | None) -> str:
    """The form a client address is counted under; ``""`` (no address) is not throttled by address."""
    return (address or "")[:MAX_KEY_CHARS]


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))


def username_lock(failures: list[datetime], now: datetime) -> int | None:
    """Seconds the username stays refused, given its failures since its last success (newest first)."""
    s = get_settings()
    over = len(failures) - s.login_max_failures_per_user
    if over < 0:
        return None
    # 2**over grows fast: cap the exponent before multiplying.
    lock = min(s.login_lockout_max_seconds, s.login_lockout_base_seconds * 2 ** min(over, 32))
    until = failures[0] + timedelta(seconds=lock)
    return _seconds_until(until, now) if until > now else None


def address_lock(failures: list[datetime], now: datetime) -> int | None:
    """Seconds the address stays refused, given its latest failures in the window (newest first)."""
    s = get_settings()
    limit = s.login_max_failures_per_address
    if len(failures) < limit:
        return None
    # Free again once the limit-th newest failure has left the window.
    until = failures[limit - 1] + timedelta(seconds=s.login_failure_window_seconds)
    return _seconds_until(until, now) if until > now else None


def refusal(db: Db, *, username: str, address: str, now: datetime, before_id: int | None = None) -> Refusal | None:
    """Whether an attempt for ``username`` from ``address`` must be refused now.

    Only attempts stored before ``before_id`` count (an attempt does not count against itself).
    """
    s = get_settings()
    since = now - timedelta(seconds=s.login_failure_window_seconds)
    older = col(LoginAttempt.id) < before_id if before_id is not None else true()
    # The username's recent attempts, newest first, up to its last success.
    cap = s.login_max_failures_per_user + 40
    rows = db.exec(
        select(LoginAttempt.succeeded, LoginAttempt.created_at)
        .where(LoginAttempt.username == username, col(LoginAttempt.created_at) > since, older)
        .order_by(col(LoginAttempt.created_at).desc(), col(LoginAttempt.id).desc())
        .limit(cap)
    ).all()
    failures: list[datetime] = []
    for succeeded, created_at in rows:
        if succeeded:
            break
        failures.append(created_at)
    wait = username_lock(failures, now)
    if wait is not None and (
        not address or _has_failed(db, username=username, address=address, since=since, older=older)
    ):
        return Refusal("username", wait)
    if not address:
        return None
    by_address = db.exec(
        select(LoginAttempt.created_at)
        .where(
            LoginAttempt.address == address,
            col(LoginAttempt.succeeded).is_(False),
            col(LoginAttempt.created_at) > since,
            older,
        )
        .order_by(col(LoginAttempt.created_at).desc())
        .limit(s.login_max_failures_per_address)
    ).all()
    wait = address_lock(list(by_address), now)
    return Refusal("address", wait) if wait is not None else None


def _has_failed(db: Db, *, username: str, address: str, since: datetime, older: ColumnElement[bool]) -> bool:
    """Whether ``address`` failed to sign in as ``username`` within the window (the username's lock holds for it)."""
    row = db.exec(
        select(LoginAttempt.id)
        .where(
            LoginAttempt.username == username,
            LoginAttempt.address == address,
            col(LoginAttempt.succeeded).is_(False),
            col(LoginAttempt.created_at) > since,
            older,
        )
        .limit(1)
    ).first()
    return row is not None


def _engine(db: Db) -> Engine:
    bind = db.get_bind()
    return bind.engine if isinstance(bind, Connection) else bind


def admit(db: Db, *, username: str, address: str, now: datetime | None = None) -> int:
    """Let an attempt through to the password check, or raise ``TooManyAttempts``.

    Stores the attempt as a failure in its own committed transaction (on ``db``'s
    database, not in ``db``'s transaction) and returns its ID for ``succeeded``.
    """
    now = now or utcnow()
    with Db(_engine(db), expire_on_commit=False) as own:
        early = refusal(own, username=username, address=address, now=now)
        if early is not None:
            raise TooManyAttempts(early.retry_after)
        row = LoginAttempt(username=username, address=address, created_at=now)
        own.add(row)
        own.commit()
        assert row.id is not None
        # Another worker may have stored attempts meanwhile: whoever comes later waits.
        late = refusal(own, username=username, address=address, now=now, before_id=row.id)
        if late is not None:
            own.delete(row)
            own.commit()
            raise TooManyAttempts(late.retry_after)
        if row.id % PRUNE_EVERY == 0:
            prune(own, now=now)
            own.commit()
        return row.id


def succeeded(db: Db, *, attempt_id: int) -> None:
    """Mark an admitted attempt a success (in ``db``'s transaction): the username's failures are cleared."""
    row = db.get(LoginAttempt, attempt_id)
    if row is not None:
        row.succeeded = True
        db.add(row)


def prune(db: Db, *, now: datetime | None = None) -> int:
    """Delete attempts older than the window (they no longer count); returns how many."""
    cutoff = (now or utcnow()) - timedelta(seconds=get_settings().login_failure_window_seconds)
    result = db.exec(delete(LoginAttempt).where(col(LoginAttempt.created_at) < cutoff))
    return int(result.rowcount or 0)
