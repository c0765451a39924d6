"""Text-speak spelled out for the classifier, and nothing else touched."""

from __future__ import annotations

import pytest

from bankchat.agents.router import route
from bankchat.agents.textspeak import spelled_out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wat can u do", "what can you do"),
        ("r u a bot", "are you a bot"),
        ("hw much is in ur savings pls", "how much is in your savings please"),
        ("show my txns b4 friday", "show my transactions before friday"),
        ("chek my balnce", "check my balance"),
        ("frezze my crad", "freeze my card"),
        ("pay mum 50 evry month", "pay mum 50 every month"),
        ("send 20 mnthly", "send 20 monthly"),
        ("n last mnth?", "and last month?"),
        ("spent this yr", "spent this year"),
        ("n", "n"),  # a lone "n" is a no
    ],
)
def test_text_speak_is_spelled_out(text: str, expected: str) -> None:
    assert spelled_out(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "send £20 to bob",
        "whats my balance",
        "i cant log in",
        "your account",
        "checking account",
        "chess",
        "my biggest transfers",  # a plural of a key word is no typo of it
        "both accounts",
    ],
)
def test_written_english_and_amounts_stay(text: str) -> None:
    assert spelled_out(text) == text.lower()


def test_the_classifier_reads_text_speak_as_written_english() -> None:
    assert route("wat can u do").intent == route("what can you do").intent
