"""ReadinessState: the "getting ready" banner and the waiting composer follow the server's readiness."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bankchat import readiness
from bankchat.components.composer import composer
from bankchat.components.getting_ready import getting_ready_banner
from bankchat.state.readiness_state import ReadinessState


@pytest.fixture(autouse=True)
def starting() -> Iterator[None]:
    """This process's readiness reset to "starting" for the test, restored afterwards."""
    was_ready = readiness.is_ready()
    readiness.reset()
    yield
    readiness.reset()
    if was_ready:
        readiness.mark_ready()


def test_check_while_training_shows_the_stage_and_waits() -> None:
    readiness.enter(readiness.TRAINING)
    state = ReadinessState()

    follow_up = state.check()

    assert state.preparing is True
    assert state.stage == readiness.TRAINING
    assert follow_up is not None
    assert follow_up.fn.__name__ == "wait_until_ready"


def test_check_once_ready_shows_nothing_and_starts_nothing() -> None:
    readiness.mark_ready()
    state = ReadinessState()

    assert state.check() is None
    assert state.preparing is False
    assert state.stage == ""


def test_banner_and_composer_follow_the_preparing_flag() -> None:
    banner = str(getting_ready_banner().render())
    form = str(composer().render())

    flag = "readiness_state.preparing"
    assert "getting-ready-banner" in banner
    assert flag in banner
    assert form.count(flag) >= 2  # the text area and the send button both wait
