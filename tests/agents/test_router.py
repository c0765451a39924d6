"""The router: conversational patterns to intents, everything else ``unknown``."""

from __future__ import annotations

import pytest

from bankchat.agents.router import Route, route


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("hello", "greeting"),
        ("Hi there", "greeting"),
        ("  HEY!", "greeting"),
        ("Good morning, BankChat", "greeting"),
        ("thanks a lot", "thanks"),
        ("Thank you!", "thanks"),
        ("much appreciated", "thanks"),
        ("bye", "goodbye"),
        ("Goodbye for now", "goodbye"),
        ("that's all", "goodbye"),
        ("help", "help"),
        ("What can you do?", "help"),
        ("Which options do I have?", "help"),
    ],
)
def test_route_conversational_text_to_intent(text: str, intent: str) -> None:
    assert route(text) == Route(intent=intent, confidence=1.0)


@pytest.mark.parametrize(
    "text",
    [
        "What's my balance?",
        "Send 50 dollars to Bob",
        "",
        "asdfgh",
        "this is helpful",  # 'help' only as a whole word
        "Chicago branch opening hours",  # 'hi' only at the start, as a word
        "I said hello to the teller",  # a greeting only when the message opens with it
    ],
)
def test_route_other_text_to_unknown(text: str) -> None:
    chosen = route(text)
    assert (chosen.intent, chosen.confidence) == ("unknown", 0.0)
