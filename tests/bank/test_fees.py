"""The price list: one table, found by the words customers use."""

from __future__ import annotations

import pytest

from bankchat.bank.fees import FEES, fees_named


@pytest.mark.parametrize(
    ("question", "fee"),
    [
        ("what does an international payment cost?", "International payment"),
        ("is it free to take cash out at an atm", "Cash withdrawal in the UK"),
        ("fee for using my card abroad in a foreign currency", "Card payment in another currency"),
        ("how much is a replacement card", "Replacement card"),
        ("do you charge a monthly account fee", "Monthly account fee"),
    ],
)
def test_fees_named_finds_the_fee_asked_about(question: str, fee: str) -> None:
    assert fees_named(question)[0].name == fee


def test_fees_named_nothing_named_is_empty() -> None:
    assert fees_named("hello there") == []


def test_every_fee_has_a_price_and_words() -> None:
    assert all(fee.price and fee.words for fee in FEES)
    assert len({fee.name for fee in FEES}) == len(FEES)
