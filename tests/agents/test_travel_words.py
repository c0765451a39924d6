"""Using the card on a trip is asked in many words; a card that failed, went missing or was charged abroad is not."""

from __future__ import annotations

import pytest

from bankchat.agents import travel_words as words


@pytest.mark.parametrize(
    "text",
    [
        "is my card ok to use in spain",
        "can i use my debit card in spain",
        "will my card work in the usa",
        "off to tenerife on sat, will my card work?",
        "im going to france next week do i need to tell you",
        "do i need to let u know im travelling",
        "can i use my visa abroad",
        "is my card accepted overseas",
        "do you need a travel notice",
    ],
)
def test_asks_card_abroad(text: str) -> None:
    assert words.asks_card_abroad(text)


@pytest.mark.parametrize(
    "text",
    [
        "my card got declined in spain",
        "can someone help me im stuck abroad and my card doesnt work",
        "my card won't work in france",
        "i lost my card in france",
        "i was charged for using my card abroad",
        "can i use my card on amazon",
        "send money abroad",
        "whats the exchange rate for euros",
        "freeze my card",
    ],
)
def test_other_card_questions_are_not_travel(text: str) -> None:
    assert not words.asks_card_abroad(text)
