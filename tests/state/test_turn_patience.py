"""How long ChatState.send waits for a turn before showing the message alone: counted turns, no timing."""

from __future__ import annotations

from bankchat.state.chat_state import (
    BUSY_TURN_SECONDS,
    BUSY_TURNS,
    QUICK_TURN_SECONDS,
    _TurnsRunning,
    patience,
)


def test_an_idle_server_shows_a_slow_turns_message_after_a_tenth_of_a_second() -> None:
    assert patience(0) == patience(BUSY_TURNS - 1) == QUICK_TURN_SECONDS == 0.1


def test_a_busy_server_sends_one_delta_per_message_unless_a_turn_takes_a_second() -> None:
    assert patience(BUSY_TURNS) == patience(50) == BUSY_TURN_SECONDS == 1.0


def test_turns_running_counts_each_turn_while_it_runs() -> None:
    turns = _TurnsRunning()
    with turns.one_more() as before_first:
        with turns.one_more() as before_second:
            assert (before_first, before_second, turns.count) == (0, 1, 2)
        assert turns.count == 1
    assert turns.count == 0


def test_a_failed_turn_is_no_longer_counted() -> None:
    turns = _TurnsRunning()
    try:
        with turns.one_more():
            raise RuntimeError("the agents failed")
    except RuntimeError:
        pass
    assert turns.count == 0
