"""Cashback at a shop's till, told apart from cashback rewards, cash a till failed to give, and a refund."""

from __future__ import annotations

import pytest

from bankchat.agents.flows.cashback import asks_cashback


@pytest.mark.parametrize(
    "text", ["can i get cash back", "can i get cashback at the till", "is there a fee for cashback"]
)
def test_asks_cashback_at_the_till(text: str) -> None:
    assert asks_cashback(text)


@pytest.mark.parametrize(
    "text", ["do you offer cashback rewards", "the shop didnt give me my cashback", "can i get my cash back"]
)
def test_rewards_missing_cash_or_a_refund_are_not_cashback_at_the_till(text: str) -> None:
    assert not asks_cashback(text)
