"""Amounts in integer cents: checks and plain formatting for the bank's own messages."""

from __future__ import annotations

from typing import Any

MAX_AMOUNT_CENTS = 100_000_000_000
"""£1bn: above any limit, and far from the 64-bit range of the columns."""

SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}


def is_cents(value: Any) -> bool:
    """Whether ``value`` is an amount of cents the bank accepts: an int (not a bool), 1 to ``MAX_AMOUNT_CENTS``."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_AMOUNT_CENTS


def format_cents(cents: int, currency: str = "GBP") -> str:
    """``123456`` → ``£1,234.56`` (no floats involved)."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    symbol = SYMBOLS.get(currency)
    amount = f"{whole:,}.{part:02d}"
    return f"{sign}{symbol}{amount}" if symbol else f"{sign}{amount} {currency}"
