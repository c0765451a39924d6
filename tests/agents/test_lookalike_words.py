"""A greeting card is no bank card, paying attention is no payment; real cards and payments are left alone."""

from __future__ import annotations

import pytest

from bankchat.agents import lookalike_words as words


@pytest.mark.parametrize(
    "text",
    [
        "send my mum a birthday card",
        "can i get a christmas card",
        "post a thank you card to dad",
        "send a postcard",
        "send my mum some flowers",
        "send bob a birthday present",
    ],
)
def test_names_greeting_card(text: str) -> None:
    assert words.names_greeting_card(text)


@pytest.mark.parametrize(
    "text",
    [
        "send a new card to my address",
        "my card hasnt arrived",
        "send mum 20 with her birthday card",
        "credit card",
        "send mum some money",
        "send mum 30 as a birthday present",
        "can i send money as a gift to my son",
        "can i buy a gift card with my credit card",
    ],
)
def test_bank_cards_and_payments_are_no_greeting_card(text: str) -> None:
    assert not words.names_greeting_card(text)


@pytest.mark.parametrize("text", ["pay attention to this", "you should pay more attention", "pay attention!"])
def test_only_a_pay_idiom(text: str) -> None:
    assert words.only_a_pay_idiom(text)


@pytest.mark.parametrize(
    "text", ["pay mum", "send my mum 20", "pay off my credit card", "pay attention and show my balance"]
)
def test_payments_and_longer_requests_are_not_only_an_idiom(text: str) -> None:
    assert not words.only_a_pay_idiom(text)


def test_without_pay_idiom_keeps_the_request() -> None:
    assert words.without_pay_idiom("pay attention and show my balance") == "and show my balance"
    assert words.without_pay_idiom("pay mum  20") == "pay mum  20"
