"""The sign-in throttle on a clock the tests control: per username, per address, exponential, shared."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlmodel import Session as Db
from sqlmodel import select

from bankchat.db import get_engine, session_scope
from bankchat.errors import BankChatError, Throttled, TooManyAttempts
from bankchat.models import LoginAttempt, utcnow
from bankchat.services import throttle
from bankchat.settings import Settings
from tests.factories import settings_env, unique_username

T0 = datetime(2030, 1, 1, 12, 0, tzinfo=utcnow().tzinfo)
"""A fixed "now", far from any other test's rows."""


@pytest.fixture(autouse=True)
def policy() -> Iterator[Settings]:
    """The documented defaults, set explicitly so the numbers below stay true."""
    with settings_env(
        BANKCHAT_LOGIN_FAILURE_WINDOW_SECONDS="900",
        BANKCHAT_LOGIN_MAX_FAILURES_PER_USER="5",
        BANKCHAT_LOGIN_LOCKOUT_BASE_SECONDS="60",
        BANKCHAT_LOGIN_LOCKOUT_MAX_SECONDS="900",
        BANKCHAT_LOGIN_MAX_FAILURES_PER_ADDRESS="20",
    ) as s:
        yield s


def _address() -> str:
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


def _fail(username: str, address: str, at: datetime) -> int:
    """One admitted attempt whose password turned out wrong (the row stays a failure)."""
    with session_scope() as db:
        return throttle.admit(db, username=username, address=address, now=at)


def _succeed(username: str, address: str, at: datetime) -> None:
    with session_scope() as db:
        attempt = throttle.admit(db, username=username, address=address, now=at)
        throttle.succeeded(db, attempt_id=attempt)


def _refused(username: str, address: str, at: datetime) -> TooManyAttempts:
    with pytest.raises(TooManyAttempts) as refused, session_scope() as db:
        throttle.admit(db, username=username, address=address, now=at)
    return refused.value


def _rows(**where: str) -> list[LoginAttempt]:
    with Db(get_engine()) as db:
        query = select(LoginAttempt)
        for name, value in where.items():
            query = query.where(getattr(LoginAttempt, name) == value)
        return list(db.exec(query).all())


def _seconds(n: float) -> timedelta:
    return timedelta(seconds=n)


# --- per username ------------------------------------------------------------------


def test_admit_username_allows_max_failures_then_refuses() -> None:
    name, address = unique_username(), _address()
    for i in range(5):
        _fail(name, address, T0 + _seconds(i))

    refused = _refused(name, address, T0 + _seconds(5))

    assert refused.retry_after == 60 - 1  # the lock runs from the latest failure (T0 + 4 s)
    assert refused.code == "too_many_attempts"
    assert isinstance(refused, Throttled)
    assert isinstance(refused, BankChatError)


def test_admit_username_lock_refuses_every_address_that_failed_but_not_a_stranger() -> None:
    name, addresses = unique_username(), [_address() for _ in range(5)]
    for i, address in enumerate(addresses):
        _fail(name, address, T0 + _seconds(i))

    assert {_refused(name, a, T0 + _seconds(10)).retry_after for a in addresses} == {54}
    _fail(name, _address(), T0 + _seconds(10))  # an address that never failed goes on to the password check


def test_admit_username_lock_doubles_per_failure_up_to_cap() -> None:
    name, address = unique_username(), _address()
    at = T0
    for _ in range(5):
        _fail(name, address, at)
    locks = []
    with settings_env(BANKCHAT_LOGIN_FAILURE_WINDOW_SECONDS=str(24 * 3600)):  # keep every failure in view
        for _ in range(7):
            locks.append(_refused(name, address, at + _seconds(1)).retry_after + 1)
            at += _seconds(locks[-1])  # wait the lock out, then fail once more
            _fail(name, address, at)

    assert locks == [60, 120, 240, 480, 900, 900, 900]


def test_admit_username_lock_never_outlives_window() -> None:
    name, address = unique_username(), _address()
    for _ in range(12):  # enough failures for the 15-minute cap...
        with session_scope() as db:
            row = LoginAttempt(username=name, address=address, created_at=T0)
            db.add(row)

    assert _refused(name, address, T0 + _seconds(1)).retry_after == 899
    _succeed(name, address, T0 + _seconds(900))  # ...and they all leave the window together


def test_admit_username_free_again_after_lock() -> None:
    name, address = unique_username(), _address()
    for _ in range(5):
        _fail(name, address, T0)

    _refused(name, address, T0 + _seconds(59))
    _succeed(name, address, T0 + _seconds(60))


def test_admit_username_forgets_failures_outside_window() -> None:
    name, address = unique_username(), _address()
    for i in range(4):
        _fail(name, address, T0 + _seconds(i))
    # 4 old failures + 1 new one: only the new one is inside the window 15 minutes later.
    _fail(name, address, T0 + timedelta(minutes=15, seconds=4))
    for i in range(3):
        _fail(name, address, T0 + timedelta(minutes=16, seconds=i))

    _fail(name, address, T0 + timedelta(minutes=16, seconds=10))  # 5th within the window
    _refused(name, address, T0 + timedelta(minutes=16, seconds=11))


def test_admit_success_clears_username_failures() -> None:
    name, address = unique_username(), _address()
    for i in range(4):
        _fail(name, address, T0 + _seconds(i))
    _succeed(name, address, T0 + _seconds(4))
    for i in range(4):
        _fail(name, address, T0 + _seconds(5 + i))

    _fail(name, address, T0 + _seconds(10))  # the 5th since the success
    _refused(name, address, T0 + _seconds(11))


def test_admit_refused_attempt_is_not_stored_and_does_not_extend_lock() -> None:
    name, address = unique_username(), _address()
    for _ in range(5):
        _fail(name, address, T0)
    for i in range(1, 50):
        _refused(name, address, T0 + _seconds(i))

    assert len(_rows(username=name)) == 5
    _succeed(name, address, T0 + _seconds(60))


def test_admit_counts_each_username_on_its_own() -> None:
    address = _address()
    victim, other = unique_username("victim"), unique_username("other")
    for i in range(5):
        _fail(victim, address, T0 + _seconds(i))

    _refused(victim, address, T0 + _seconds(6))
    _succeed(other, address, T0 + _seconds(6))


def test_admit_stores_failure_before_password_check_in_its_own_transaction() -> None:
    name, address = unique_username(), _address()

    def admit_then_roll_back() -> None:
        with session_scope() as db:
            throttle.admit(db, username=name, address=address, now=T0)
            raise RuntimeError("the caller's transaction rolls back")

    with pytest.raises(RuntimeError):
        admit_then_roll_back()

    [row] = _rows(username=name)
    assert (row.address, row.succeeded, row.created_at) == (address, False, T0)


def test_admit_refuses_when_another_worker_stored_attempts_meanwhile(monkeypatch: pytest.MonkeyPatch) -> None:
    name, address = unique_username(), _address()
    for _ in range(5):
        _fail(name, address, T0)
    real = throttle.refusal
    calls: list[int | None] = []

    def first_check_misses_them(db: Db, **kwargs: object) -> throttle.Refusal | None:
        calls.append(kwargs.get("before_id"))  # type: ignore[arg-type]
        return None if len(calls) == 1 else real(db, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(throttle, "refusal", first_check_misses_them)

    _refused(name, address, T0 + _seconds(1))

    assert calls[0] is None
    assert isinstance(calls[1], int)
    assert len(_rows(username=name)) == 5  # the late refusal took its own row back out


# --- per address -------------------------------------------------------------------


def test_admit_address_refuses_every_username_after_max_failures() -> None:
    address = _address()
    for i in range(20):
        _fail(unique_username(), address, T0 + _seconds(i))

    refused = _refused(unique_username("innocent"), address, T0 + _seconds(30))

    # Free again when the oldest of the 20 (T0) leaves the 15-minute window.
    assert refused.retry_after == 900 - 30
    _succeed(unique_username(), _address(), T0 + _seconds(30))  # other addresses are untouched
    _succeed(unique_username(), address, T0 + _seconds(900))


def test_admit_address_failures_not_cleared_by_success() -> None:
    address = _address()
    for i in range(19):
        _fail(unique_username(), address, T0 + _seconds(i))
    _succeed(unique_username(), address, T0 + _seconds(20))
    _fail(unique_username(), address, T0 + _seconds(21))

    _refused(unique_username(), address, T0 + _seconds(22))


def test_admit_without_address_is_throttled_by_username_only() -> None:
    for i in range(25):
        _fail(unique_username(), "", T0 + _seconds(i))

    _succeed(unique_username(), "", T0 + _seconds(30))


# --- pieces --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("failures", "seconds_since_latest", "expected"),
    [(4, 0, None), (5, 0, 60), (5, 59, 1), (5, 60, None), (6, 0, 120), (9, 0, 900), (40, 0, 900), (200, 0, 900)],
)
def test_username_lock_exponential_with_cap(failures: int, seconds_since_latest: int, expected: int | None) -> None:
    assert throttle.username_lock([T0] * failures, T0 + _seconds(seconds_since_latest)) == expected


def test_username_lock_rounds_up_to_whole_seconds() -> None:
    assert throttle.username_lock([T0] * 5, T0 + _seconds(0.5)) == 60
    assert throttle.username_lock([T0] * 5, T0 + _seconds(59.9)) == 1


@pytest.mark.parametrize(
    ("raw", "key"),
    [("  Alice ", "alice"), ("A" * 100, "a" * 64), (None, ""), (42, "")],
)
def test_username_key_normalises(raw: object, key: str) -> None:
    assert throttle.username_key(raw) == key


def test_address_key_truncates_and_keeps_missing_empty() -> None:
    assert throttle.address_key("1" * 100) == "1" * 64
    assert throttle.address_key(None) == ""


def test_prune_deletes_only_rows_outside_window() -> None:
    name = unique_username()
    _fail(name, "", T0 - timedelta(days=400))
    _fail(name, "", T0 - timedelta(minutes=14))

    with session_scope() as db:
        assert throttle.prune(db, now=T0) >= 1

    assert [r.created_at for r in _rows(username=name)] == [T0 - timedelta(minutes=14)]


def test_admit_prunes_every_hundredth_attempt() -> None:
    name, address = unique_username(), _address()
    _fail(name, address, T0 - timedelta(days=300))
    for i in range(throttle.PRUNE_EVERY):
        _succeed(unique_username(), "", T0 - timedelta(days=200) + _seconds(i))

    assert _rows(username=name) == []
