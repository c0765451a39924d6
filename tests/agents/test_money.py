"""Amounts read from customers' words, as integer cents; never a float, never negative."""

from __future__ import annotations

import pytest

from bankchat.agents.money import has_explicit_money, parse_amount


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("send 50 to savings", 5000),
        ("£1,250.50 please", 125050),
        ("20 quid to Bob", 2000),
        ("twenty pounds", 2000),
        ("5.5", 550),
        ("pay 0.10", 10),
        ("2k to savings", 200000),
        ("50p", 50),
        ("€30", 3000),
        ("$19.99", 1999),
    ],
)
def test_parse_amount_reads_cents(text: str, cents: int) -> None:
    assert parse_amount(text) == cents


@pytest.mark.parametrize("text", ["-1", "send -5", "-£20", "0", "£0", "0.001", "1e309", "NaN", "inf", "no amount here"])
def test_parse_amount_refuses_zero_negative_and_odd_numbers(text: str) -> None:
    assert parse_amount(text) is None


def test_parse_amount_returns_int_not_float() -> None:
    assert isinstance(parse_amount("£12.34"), int)


def test_has_explicit_money_needs_currency_mark() -> None:
    assert has_explicit_money("send £5")
    assert has_explicit_money("5 pounds")
    assert not has_explicit_money("last 5 transactions")
