"""Refunds on the customer's own statement, told apart from asking how to get one or where one is."""

from __future__ import annotations

import pytest

from bankchat.agents import refund_words as words


@pytest.mark.parametrize(
    "text",
    [
        "any refunds recently?",
        "did i get any refunds this month",
        "show me refunds",
        "has amazon refunded me",
        "did asos give me my money back",
        "any refund from amazon?",
        "did i get a refund from amazon",
        "did i get my money back from john lewis",
        "amazon refund?",
        "john lewis refunds",
        "refunds from argos pls",
    ],
)
def test_asks_own_refunds_lists_them(text: str) -> None:
    assert words.asks_own_refunds(text)


@pytest.mark.parametrize(
    "text",
    [
        "how do i get a refund",
        "my refund hasnt shown up",
        "can i get a refund for this",
        "still waiting on my refund",
        "can i get my money back",
        "i want my money back from asos",
        "has my refund arrived",
        "did you pay bob",
        "has bob paid me back",
        "a full refund?",
        "pending refund",
        "refund?",
        "tax refund",
    ],
)
def test_asking_for_a_refund_is_not_a_list(text: str) -> None:
    assert not words.asks_own_refunds(text)


def test_mentions_refund_in_customers_words() -> None:
    assert words.mentions_refund("did asos give me my money back")
    assert not words.mentions_refund("show my amazon transactions")


@pytest.mark.parametrize(("text", "named"), [("asos refund", True), ("refund from tesco", True), ("my refund", False)])
def test_names_company_refund_needs_a_company_beside_the_word(text: str, named: bool) -> None:
    assert words.names_company_refund(text) is named
