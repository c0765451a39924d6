"""Chat turns run on threads of their own, one on SQLite (counted, not timed)."""

from __future__ import annotations

import threading

import pytest

from bankchat.services import turns
from tests.factories import settings_env
from tests.support.run_async import run_async


@pytest.mark.parametrize(
    ("url", "configured", "expected"),
    [
        ("sqlite:///bankchat.db", "0", turns.SQLITE_THREADS),
        ("postgresql+psycopg2://bankchat@db/bankchat", "0", turns.OTHER_THREADS),
        ("sqlite:///bankchat.db", "3", 3),
    ],
)
def test_thread_count_follows_the_database_unless_set(url: str, configured: str, expected: int) -> None:
    with settings_env(REFLEX_DB_URL=url, BANKCHAT_TURN_THREADS=configured):
        assert turns.thread_count() == expected


def test_sqlite_runs_one_turn_at_a_time() -> None:
    assert turns.SQLITE_THREADS == 1


def test_run_turn_runs_the_call_on_a_turn_thread_and_returns_its_answer() -> None:
    def where(a: int, *, b: int) -> tuple[str, int]:
        return threading.current_thread().name, a + b

    name, total = run_async(turns.run_turn(where, 2, b=3))

    assert name.startswith("bankchat-turn")
    assert total == 5


def test_run_turn_raises_what_the_call_raises() -> None:
    def fails() -> None:
        raise LookupError("no such conversation")

    with pytest.raises(LookupError, match="no such conversation"):
        run_async(turns.run_turn(fails))
