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


@pytest.mark.parametrize(
    ("text", "abroad"),
    [
        ("send 100 euros to my friend in spain", True),
        ("can i send money abroad", True),
        ("how do i send money to another country", True),
        ("i need to pay someone in france", True),
        ("can i transfer to a foreign bank account", True),
        ("send 50 dollars to my brother in america", True),
        ("can i pay by card in spain", False),  # the card on a trip
        ("send 20 to bob", False),
        ("im in spain can i send money to mum", False),  # the customer abroad, the money at home
        ("send it to us", False),
    ],
)
def test_asks_payment_abroad_only_of_money_going_to_another_country(text: str, abroad: bool) -> None:
    assert words.asks_payment_abroad(text) is abroad
