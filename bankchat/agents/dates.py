"""Date ranges in plain words: "yesterday", "last week", "in March", "last 30 days", "since 3 May"."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}


@dataclass(frozen=True)
class DateRange:
    """Inclusive dates and how to say them."""

    start: date
    end: date
    label: str


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 1)


def parse_date_range(text: str, today: date) -> DateRange | None:
    """The period ``text`` speaks of, relative to ``today``; None when it names none."""
    t = text.lower()
    if re.search(r"\btoday\b", t):
        return DateRange(today, today, "today")
    if re.search(r"\byesterday\b", t):
        d = today - timedelta(days=1)
        return DateRange(d, d, "yesterday")
    if m := re.search(
        r"\b(?:last|past|previous)\s+(\d+|a|one|two|three|four|five|six|seven|ten)\s+(day|week|month)s?\b", t
    ):
        n, unit = _count(m.group(1)), m.group(2)
        days = {"day": 1, "week": 7, "month": 30}[unit] * n
        return DateRange(today - timedelta(days=days - 1), today, f"the last {n} {unit}{'s' if n != 1 else ''}")
    if re.search(r"\b(this|current)\s+week\b", t):
        return DateRange(today - timedelta(days=today.weekday()), today, "this week")
    if re.search(r"\b(last|previous|past)\s+week\b", t):
        start = today - timedelta(days=today.weekday() + 7)
        return DateRange(start, start + timedelta(days=6), "last week")
    if re.search(r"\b(this|current)\s+month\b", t):
        return DateRange(today.replace(day=1), today, "this month")
    if re.search(r"\b(last|previous|past)\s+month\b", t):
        first = today.replace(day=1) - timedelta(days=1)
        start, end = _month_range(first.year, first.month)
        return DateRange(start, end, "last month")
    if re.search(r"\b(this|current)\s+year\b", t):
        return DateRange(date(today.year, 1, 1), today, "this year")
    if m := re.search(rf"\bsince\s+(\d{{1,2}})\s+({_MONTH_RE})\b", t):
        start = _dated(int(m.group(1)), _MONTHS[m.group(2)], today)
        if start:
            return DateRange(start, today, f"since {start.day} {start:%B}")
    if m := re.search(rf"\b(?:in|during|for|of)?\s*({_MONTH_RE})(?:\s+(\d{{4}}))?\b", t):
        month = _MONTHS[m.group(1)]
        if m.group(1) == "may" and not re.search(r"\b(in|during|for|of|since)\s+may\b|\bmay\s+\d{4}\b", t):
            return None  # "may I ..." is not the month
        year = int(m.group(2)) if m.group(2) else (today.year if month <= today.month else today.year - 1)
        start, end = _month_range(year, month)
        return DateRange(start, min(end, today), f"{calendar.month_name[month]} {year}")
    return None


def _dated(day: int, month: int, today: date) -> date | None:
    year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
    try:
        return date(year, month, day)
    except ValueError:
        return None
