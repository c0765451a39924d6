"""Calendar months: a date moved by whole months, a month's last day (one rule for the bank and the agents)."""

from __future__ import annotations

import calendar
from datetime import date


def day_in_month(year: int, month: int, day: int) -> date:
    """``day`` of the month, or the month's last day if it is shorter."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    return day_in_month(day.year, day.month, 31)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months, kept within the month (31 March - 1 month = 28 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return day_in_month(year, month + 1, day.day)
