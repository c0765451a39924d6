"""Yes, no and cancel inside a flow."""

from __future__ import annotations

import pytest

from bankchat.agents.dialogue import is_no, is_yes


@pytest.mark.parametrize(
    "text", ["yes", "Yes please", "y", "ok", "Confirm", "go ahead", "do it!", "yep", "that's right"]
)
def test_is_yes_accepts_short_yes(text: str) -> None:
    assert is_yes(text)
    assert not is_no(text)


@pytest.mark.parametrize("text", ["no", "No thanks", "cancel", "cancel that", "stop", "never mind", "nope", "don't"])
def test_is_no_accepts_short_no(text: str) -> None:
    assert is_no(text)
    assert not is_yes(text)


@pytest.mark.parametrize(
    "text", ["yes but make it 60", "what's my balance?", "yesterday's payments", "now show my transactions", ""]
)
def test_yes_and_no_ignore_longer_or_other_sentences(text: str) -> None:
    assert not is_yes(text)
