"""When a standing order pays: monthly on a day (1-31) or weekly on a weekday, from a start date.

A monthly day the month does not have (the 31st in April, the 29th-31st in February)
falls on that month's last day; the next month goes back to the day asked for.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from bankchat.bank.months import day_in_month

Frequency = Literal["monthly", "weekly"]
FREQUENCIES: tuple[Frequency, ...] = ("monthly", "weekly")
WEEKDAYS = tuple(calendar.day_name)
"""Monday first: a weekly order's ``day`` indexes this."""


@dataclass(frozen=True)
class Schedule:
    """How often and on which day: monthly on ``day`` 1-31, or weekly on weekday ``day`` 0 (Monday)-6."""

    frequency: Frequency
    day: int

    def __post_init__(self) -> None:
        if self.frequency not in FREQUENCIES:
            raise ValueError(f"unknown frequency {self.frequency!r}")
        low, high = (1, 31) if self.frequency == "monthly" else (0, 6)
        if isinstance(self.day, bool) or not isinstance(self.day, int) or not low <= self.day <= high:
            raise ValueError(f"a {self.frequency} day is {low} to {high}")

    def first_on_or_after(self, start: date) -> date:
        """The first payment date on or after ``start``."""
        if self.frequency == "weekly":
            return start + timedelta(days=(self.day - start.weekday()) % 7)
        candidate = day_in_month(start.year, start.month, self.day)
        if candidate >= start:
            return candidate
        year, month = _next_month(start.year, start.month)
        return day_in_month(year, month, self.day)

    def after(self, due: date) -> date:
        """The payment date after ``due`` (a payment date of this schedule)."""
        if self.frequency == "weekly":
            return due + timedelta(days=7)
        year, month = _next_month(due.year, due.month)
        return day_in_month(year, month, self.day)

    def dates(self, start: date, until: date) -> list[date]:
        """Every payment date from ``start`` to ``until``, both included."""
        found, due = [], self.first_on_or_after(start)
        while due <= until:
            found.append(due)
            due = self.after(due)
        return found

    def describe(self) -> str:
        """In words: "on the 1st of every month", "every Friday"."""
        if self.frequency == "weekly":
            return f"every {WEEKDAYS[self.day]}"
        return f"on the {ordinal(self.day)} of every month"

    @property
    def shortened(self) -> bool:
        """Whether some months have no such day (the 29th-31st), so it pays on their last day."""
        return self.frequency == "monthly" and self.day > 28


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st, 22nd, 31st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
