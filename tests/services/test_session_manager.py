"""SessionManager: the shape and randomness of session IDs, ownership, expiry, closing."""

from __future__ import annotations

import re
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest

from bankchat.db import session_scope
from bankchat.errors import SessionClosed, SessionNotFound
from bankchat.models import Session, utcnow
from bankchat.services import SessionManager, UserView
from bankchat.services import session_manager as sm
from tests.factories import settings_env

ID_FORMAT = re.compile(r"^sess_[0-9a-z]+_[0-9a-z]{25}$")
PACKAGE = Path(sm.__file__).resolve().parent.parent


def _random_part(session_id: str) -> str:
    return session_id.split("_")[2]


def _new_session(manager: SessionManager, user: UserView, **metadata: object) -> Session:
    with session_scope() as db:
        return manager.create_session(db=db, user_id=user.id, metadata=metadata)


def _set_last_activity(session_id: str, ago: timedelta, status: str = "active") -> None:
    with session_scope() as db:
        row = db.get(Session, session_id)
        assert row is not None
        row.last_activity_at = utcnow() - ago
        row.status = status
        db.add(row)


# --- IDs -----------------------------------------------------------------


def test_new_session_id_matches_documented_format() -> None:
    ids = [sm.new_session_id() for _ in range(1000)]
    bad = [i for i in ids if not ID_FORMAT.match(i)]
    assert bad == []
    assert all(sm.looks_like_session_id(i) for i in ids)


def test_new_session_id_unique_over_10k_ids() -> None:
    ids = [sm.new_session_id() for _ in range(10_000)]
    assert len(set(ids)) == 10_000
    assert len({_random_part(i) for i in ids}) == 10_000


def test_new_session_id_random_part_varies_in_every_low_96_bits() -> None:
    values = [int(_random_part(sm.new_session_id()), 36) for _ in range(10_000)]
    ones = 0
    zeros = 0
    for v in values:
        ones |= v
        zeros |= ~v
    low96 = (1 << 96) - 1
    # Each of the 96 low bits was seen both set and clear: at least 96 bits vary.
    assert ones & low96 == low96
    assert zeros & low96 == low96
    # The values reach into the top bit of a 128-bit draw (P(miss) = 2**-10000).
    assert max(values).bit_length() == 128


@pytest.mark.parametrize(("bits", "expected"), [(0, "0" * 25), ((1 << 128) - 1, None)])
def test_new_session_id_random_part_always_25_chars(monkeypatch: pytest.MonkeyPatch, bits: int, expected) -> None:
    monkeypatch.setattr(sm.secrets, "randbits", lambda _n: bits)
    part = _random_part(sm.new_session_id())
    assert len(part) == 25
    assert int(part, 36) == bits
    if expected is not None:
        assert part == expected


def test_new_session_id_time_part_is_base36_milliseconds() -> None:
    before = time.time_ns() // 1_000_000
    session_id = sm.new_session_id()
    after = time.time_ns() // 1_000_000
    time_part = session_id.split("_")[1]
    assert before <= int(time_part, 36) <= after


def test_new_session_id_time_part_encodes_fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    ms = 1_760_400_000_123
    monkeypatch.setattr(sm.time, "time_ns", lambda: ms * 1_000_000 + 999_999)
    time_part = sm.new_session_id().split("_")[1]
    assert int(time_part, 36) == ms
    assert re.fullmatch(r"[1-9a-z][0-9a-z]*", time_part)


def test_create_session_uses_new_session_id(manager: SessionManager, user: UserView, monkeypatch) -> None:
    issued = "sess_abc123_" + "7" * 25
    monkeypatch.setattr(sm, "new_session_id", lambda: issued)
    session = _new_session(manager, user, channel="unit")
    assert session.id == issued
    with session_scope() as db:
        stored = db.get(Session, issued)
        assert stored is not None
        assert (stored.user_id, stored.status, stored.attributes) == (user.id, "active", {"channel": "unit"})


def test_create_session_issues_distinct_valid_ids(manager: SessionManager, user: UserView) -> None:
    first = _new_session(manager, user)
    second = _new_session(manager, user)
    assert first.id != second.id
    assert ID_FORMAT.match(first.id)
    assert ID_FORMAT.match(second.id)
    assert first.created_at.tzinfo is not None


def test_session_ids_made_only_by_session_manager() -> None:
    """No other module calls ``new_session_id``, spells a ``sess_`` ID or builds a Session row."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "session_manager.py":
            continue
        source = path.read_text()
        if re.search(r"new_session_id\(|[\"']sess_|\bSession\(\s*id\s*=", source):
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


# --- ownership -------------------------------------------------------------


@pytest.mark.parametrize(
    "bad_id",
    [
        "",
        "x" * 10_240,
        "sess_" + "a" * 10_240,
        "../",
        "../../etc/passwd",
        "' OR '1'='1",
        "sess_abc_aaaaaaaaaaaaaaaaaaaaaaaaa'; DROP TABLE session; --",
        str(uuid.uuid4()),
        "SESS_ABC_AAAAAAAAAAAAAAAAAAAAAAAAA",
        None,
        12345,
        ["sess_abc_aaaaaaaaaaaaaaaaaaaaaaaaa"],
    ],
    ids=["empty", "10kb", "10kb-sess", "dotdot", "path", "sql-or", "sql-drop", "uuid", "upper", "none", "int", "list"],
)
def test_get_owned_refuses_malformed_id(manager: SessionManager, user: UserView, bad_id: object) -> None:
    with session_scope() as db, pytest.raises(SessionNotFound):
        manager.get_owned(db=db, session_id=bad_id, user_id=user.id)


def test_get_owned_refuses_unknown_id(manager: SessionManager, user: UserView) -> None:
    unknown = sm.new_session_id()
    with session_scope() as db, pytest.raises(SessionNotFound):
        manager.get_owned(db=db, session_id=unknown, user_id=user.id)


def test_get_owned_refuses_foreign_session_like_unknown(
    manager: SessionManager, user: UserView, other_user: UserView
) -> None:
    theirs = _new_session(manager, other_user)
    with session_scope() as db:
        with pytest.raises(SessionNotFound) as foreign:
            manager.get_owned(db=db, session_id=theirs.id, user_id=user.id)
        with pytest.raises(SessionNotFound) as unknown:
            manager.get_owned(db=db, session_id=sm.new_session_id(), user_id=user.id)
    assert str(foreign.value) == str(unknown.value) == "Session not found"


def test_get_owned_returns_own_session(manager: SessionManager, user: UserView) -> None:
    mine = _new_session(manager, user)
    with session_scope() as db:
        found = manager.get_owned(db=db, session_id=mine.id, user_id=user.id)
        assert (found.id, found.user_id) == (mine.id, user.id)


# --- lifecycle -------------------------------------------------------------


def test_require_active_passes_recent_session(manager: SessionManager, user: UserView) -> None:
    session = _new_session(manager, user)
    with session_scope() as db:
        row = manager.get_owned(db=db, session_id=session.id, user_id=user.id)
        manager.require_active(db=db, session=row)  # no SessionClosed


def test_require_active_expires_session_idle_past_default(manager: SessionManager, user: UserView) -> None:
    session = _new_session(manager, user)
    _set_last_activity(session.id, timedelta(days=31))
    with session_scope() as db:
        row = manager.get_owned(db=db, session_id=session.id, user_id=user.id)
        with pytest.raises(SessionClosed, match="expired"):
            manager.require_active(db=db, session=row)
    with session_scope() as db:
        stored = db.get(Session, session.id)
        assert stored is not None
        assert stored.status == "expired"


def test_require_active_honours_idle_minutes_setting(manager: SessionManager, user: UserView) -> None:
    idle = _new_session(manager, user)
    recent = _new_session(manager, user)
    _set_last_activity(idle.id, timedelta(minutes=2))
    _set_last_activity(recent.id, timedelta(seconds=20))
    with settings_env(BANKCHAT_SESSION_IDLE_MINUTES="1"), session_scope() as db:
        recent_row = manager.get_owned(db=db, session_id=recent.id, user_id=user.id)
        manager.require_active(db=db, session=recent_row)  # no SessionClosed
        idle_row = manager.get_owned(db=db, session_id=idle.id, user_id=user.id)
        with pytest.raises(SessionClosed):
            manager.require_active(db=db, session=idle_row)
        db.refresh(idle_row)
        assert idle_row.status == "expired"


def test_require_active_expires_session_past_absolute_lifetime_despite_activity(
    manager: SessionManager, user: UserView
) -> None:
    old = _new_session(manager, user)
    with session_scope() as db:
        row = db.get(Session, old.id)
        assert row is not None
        row.created_at = utcnow() - timedelta(days=3)  # busy (last activity now) but three days old
        db.add(row)
    with settings_env(BANKCHAT_SESSION_MAX_AGE_DAYS="2"), session_scope() as db:
        row = manager.get_owned(db=db, session_id=old.id, user_id=user.id)
        with pytest.raises(SessionClosed, match="expired"):
            manager.require_active(db=db, session=row)


@pytest.mark.parametrize("status", ["closed", "expired"])
def test_require_active_refuses_inactive_session(manager: SessionManager, user: UserView, status: str) -> None:
    session = _new_session(manager, user)
    _set_last_activity(session.id, timedelta(0), status=status)
    with session_scope() as db:
        row = manager.get_owned(db=db, session_id=session.id, user_id=user.id)
        with pytest.raises(SessionClosed, match=status):
            manager.require_active(db=db, session=row)


def test_touch_session_moves_last_activity_forward(manager: SessionManager, user: UserView) -> None:
    session = _new_session(manager, user)
    _set_last_activity(session.id, timedelta(hours=5))
    with session_scope() as db:
        row = manager.get_owned(db=db, session_id=session.id, user_id=user.id)
        manager.touch(db=db, session=row)
    with session_scope() as db:
        stored = db.get(Session, session.id)
        assert stored is not None
        assert utcnow() - stored.last_activity_at < timedelta(minutes=1)


def test_close_session_twice_keeps_first_close(manager: SessionManager, user: UserView) -> None:
    session = _new_session(manager, user)
    with session_scope() as db:
        row = manager.get_owned(db=db, session_id=session.id, user_id=user.id)
        manager.close(db=db, session=row)
    with session_scope() as db:
        row = manager.get_owned(db=db, session_id=session.id, user_id=user.id)
        first_closed_at = row.closed_at
        assert row.status == "closed"
        assert first_closed_at is not None
        manager.close(db=db, session=row)
    with session_scope() as db:
        stored = db.get(Session, session.id)
        assert stored is not None
        assert (stored.status, stored.closed_at) == ("closed", first_closed_at)
