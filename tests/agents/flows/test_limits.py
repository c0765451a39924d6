"""Limits are asked in many words; the credit limit, the overdraft and the transfer limit have their own answers."""

from __future__ import annotations

import pytest

from bankchat.agents.flows.limits import LIMITS, _quoted, asks_limits
from bankchat.agents.knowledge import fact


@pytest.mark.parametrize(
    "text",
    [
        "whats my card limit",
        "whats my daily limit",
        "how much can i take out at a cashpoint",
        "whats the most i can withdrawal in a day",  # "withdraw" as the typo mender writes it
        "whats my spending limit on my debit card",
        "is there a limit on contactless",
        "what are my limits",
        "can you increase my card limit",
    ],
)
def test_asks_limits(text: str) -> None:
    assert asks_limits(text)


@pytest.mark.parametrize(
    "text",
    [
        "whats my credit limit",
        "whats my overdraft limit",
        "whats the daily transfer limit",
        "whats my balance",
        "how much can i spend on eating out",
    ],
)
def test_other_limits_and_questions_are_not_these(text: str) -> None:
    assert not asks_limits(text)


def test_limits_come_from_the_facts_table() -> None:
    cash = next(limit for limit in LIMITS if limit.name == "Cash machine withdrawals")
    assert fact("atm_daily_limit") in _quoted(cash)
