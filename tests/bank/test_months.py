"""Calendar months: one rule for moving a date by months and for a month's last day."""

from __future__ import annotations

from datetime import date

import pytest

from bankchat.bank.months import add_months, day_in_month, month_end


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 3, 31), -1, date(2025, 2, 28)),  # kept within the shorter month
        (date(2024, 3, 31), -1, date(2024, 2, 29)),  # a leap year's February
        (date(2025, 12, 15), 1, date(2026, 1, 15)),  # over the year's end
        (date(2025, 1, 1), -1, date(2024, 12, 1)),  # back over the year's start
        (date(2025, 5, 1), -12, date(2024, 5, 1)),
        (date(2025, 5, 1), 0, date(2025, 5, 1)),
    ],
)
def test_add_months_moves_by_calendar_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 2, 10), date(2025, 2, 28)),
        (date(2024, 2, 1), date(2024, 2, 29)),
        (date(2025, 4, 30), date(2025, 4, 30)),
        (date(2025, 12, 1), date(2025, 12, 31)),
    ],
)
def test_month_end_is_the_last_day_of_the_month(day: date, expected: date) -> None:
    assert month_end(day) == expected


def test_day_in_month_is_clamped_to_a_shorter_month() -> None:
    assert day_in_month(2100, 2, 29) == date(2100, 2, 28)  # 2100 is no leap year
    assert day_in_month(2025, 1, 31) == date(2025, 1, 31)
