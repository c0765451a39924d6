"""Amounts read from what customers write, as integer cents (formatting lives in ``bankchat.bank.money``)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "one hundred": 100, "a thousand": 1000,
}  # fmt: skip
_AMOUNT = re.compile(
    r"(?<![\w.\-])(?P<cur>[£$€])?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)(?P<k>k)?"
    r"(?:\s?(?P<word>pounds?|quid|gbp|dollars?|usd|euros?|eur|p\b|pence))?(?![\w.,]*\d)",
    re.IGNORECASE,
)
_WORD_AMOUNT = re.compile(
    r"\b(?P<num>" + "|".join(sorted(map(re.escape, _WORD_NUMBERS), key=len, reverse=True)) + r")\s+(pounds?|quid)\b",
    re.IGNORECASE,
)
MAX_CENTS = 10**13
NEGATIVE = re.compile(r"(?<![\w])-\s*[£$€]?\s*\d")
"""A minus sign before an amount: money is never sent in negative amounts."""


def parse_amount(text: str) -> int | None:
    """The first money amount in ``text`` as integer cents (``"£1,250.50"`` → 125050), or None.

    Bare numbers that look like counts or dates ("last 5 transactions", "in 2026") are the
    caller's to exclude; this reads what is written. Amounts with more than two decimals are
    refused (None) rather than rounded, and so are negative amounts.
    """
    if NEGATIVE.search(text):
        return None
    for match in _AMOUNT.finditer(text):
        raw = match.group("num").replace(",", "")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            continue
        if match.group("k"):
            value *= 1000
        word = (match.group("word") or "").lower()
        if word in ("p", "pence"):
            value /= 100
        cents = int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if 0 < cents <= MAX_CENTS:
            return cents
    word_match = _WORD_AMOUNT.search(text)
    if word_match:
        return _WORD_NUMBERS[word_match.group("num").lower()] * 100
    return None


def has_explicit_money(text: str) -> bool:
    """Whether ``text`` carries a currency sign or word next to a number."""
    return any(m.group("cur") or m.group("word") for m in _AMOUNT.finditer(text)) or bool(_WORD_AMOUNT.search(text))
