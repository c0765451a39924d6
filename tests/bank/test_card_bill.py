"""The credit card bill: minimum payment and due date by one rule."""

from __future__ import annotations

from datetime import date

import pytest

from bankchat.bank.card_bill import due_date, minimum_payment


@pytest.mark.parametrize(
    ("owed", "minimum"), [(0, 0), (-500, 0), (1_000, 1_000), (2_500, 2_500), (10_000, 2_500), (100_001, 3_001)]
)
def test_minimum_payment_is_3_percent_at_least_25_pounds_at_most_the_whole(owed: int, minimum: int) -> None:
    assert minimum_payment(owed) == minimum


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (date(2025, 3, 14), date(2025, 3, 25)),
        (date(2025, 3, 25), date(2025, 3, 25)),
        (date(2025, 3, 26), date(2025, 4, 25)),
        (date(2025, 12, 31), date(2026, 1, 25)),
    ],
)
def test_due_date_is_the_next_25th(today: date, due: date) -> None:
    assert due_date(today) == due
