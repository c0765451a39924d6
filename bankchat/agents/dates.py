"""Date ranges in plain words: "yesterday", "last weekend", "in febuary", "last 3 months", "since payday".

``parse_date_range`` first mends typos of month and day names ("decmber",
"thrusday"; the rule is ``bankchat.bank.fuzzy``'s), then tries its rules from
the most specific ("between 1 and 15 March") to the loosest ("in March"). A
range never ends after today, and a date said without a year is the latest
one not after today.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from bankchat.bank import fuzzy
from bankchat.bank.months import add_months, month_end

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAYS.update({"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4})
_LONG_WORDS = (*(m.lower() for m in calendar.month_name if len(m) > 6), *(d.lower() for d in calendar.day_name))
_TYPO_TARGETS = (*_LONG_WORDS, "yesterday", "fortnight")
"""Words whose typos are mended anywhere ("febuary", "thrusday")."""
_SHORT_MONTHS = ("march", "april", "june", "july", "august")
"""Months whose typos are mended only after a date word ("in agust"): alone, "marsh" or "marco" are not March."""
_SHORTHAND = {
    "mnth": "month", "mnths": "months", "mth": "month", "mths": "months", "wk": "week", "wks": "weeks",
    "yr": "year", "yrs": "years", "lst": "last", "ths": "this", "yday": "yesterday", "yest": "yesterday",
    "2day": "today", "tdy": "today", "dis": "this", "nxt": "next",
}  # fmt: skip
"""Text-speak for period words ("last mnth", "ths wk")."""
_SHORTHAND_WORD = re.compile(r"\b(" + "|".join(_SHORTHAND) + r")\b")
_DATE_WORDS = r"(?:in|during|since|from|between|until|till|last|\d{1,2}(?:st|nd|rd|th)?)"
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_NUMBERS.update({"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple": 2, "few": 3})

_M = "|".join(sorted(_MONTHS, key=len, reverse=True))
_W = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_D = r"(\d{1,2})(?:st|nd|rd|th)?"
_N = r"(\d+|" + "|".join(_NUMBERS) + r")"
_Y = r"(?:\s+(\d{4}))?"
_PAYDAY = re.compile(r"\bsince\s+(?:(?:my\s+|the\s+|last\s+)?(?:pay\s?day|salary|wages?)\b|i\s+(?:was|got)\s+paid\b)")
_BARE_MAY = re.compile(r"(?<!\bin )(?<!\bduring )(?<!\bfor )(?<!\bof )(?<!\bsince )\bmay\b(?!\s+\d{4})")
""""may" not said as a month ("may I see ..."); "in May", "since May" and "May 2025" are the month."""


@dataclass(frozen=True)
class DateRange:
    """Inclusive dates and how to say them."""

    start: date
    end: date
    label: str


def parse_date_range(text: str, today: date, last_payday: date | None = None) -> DateRange | None:
    """The period ``text`` speaks of, relative to ``today``; None when it names none.

    Args:
        text: The customer's words.
        today: The day "today", "this week" and dates without a year are counted from.
        last_payday: The day of the latest salary credit, for "since payday"; without
            it, "since payday" names no period (None), rather than a guess.
    """
    t = _mend_typos(_SHORTHAND_WORD.sub(lambda m: _SHORTHAND[m.group()], " ".join(text.lower().split())))
    if not _UP_TO.search(t):
        t = _FROM_DATE.sub("since ", t)  # "from 1 dec" with no end said: since then
    if _PAYDAY.search(t):
        return DateRange(last_payday, today, f"since payday on {_day_month(last_payday)}") if last_payday else None
    for pattern, read in _RULES:
        for m in pattern.finditer(t):
            found = read(m, today)
            if found is not None:
                return found
    return None


_FROM_DATE = re.compile(rf"\bfrom\s+(?=(?:the\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\b|(?:{_M})\b))")
_UP_TO = re.compile(r"\b(?:to|until|till|and|through)\b|\s[-–]\s?\d")


def _mend_typos(text: str) -> str:
    """``text`` with likely typos of month and day names replaced by the names ("febuary" → "february")."""

    def mend(m: re.Match[str]) -> str:
        word, after_date_word = m.group(2), m.group(1) is not None
        if word in _MONTHS or word in _WEEKDAYS:
            return m.group()
        known = _date_word_meant(word, after_date_word)
        return m.group().replace(word, known) if known else m.group()

    return re.sub(rf"(\b{_DATE_WORDS}\s+)?\b([a-z]{{4,}})", mend, text)


@functools.lru_cache(maxsize=8192)  # customers' words repeat: each is weighed against the names once
def _date_word_meant(word: str, after_date_word: bool) -> str | None:
    """The month or day name ``word`` is a typo of (short month names too after a date word), or None."""
    return fuzzy.nearest(word, (*_TYPO_TARGETS, *(_SHORT_MONTHS if after_date_word else ())))


# Each rule reads one match into a range, or None to let the next match or rule try.
Rule = Callable[[re.Match[str], date], "DateRange | None"]


def _today(_m: re.Match[str], today: date) -> DateRange:
    return DateRange(today, today, "today")


def _yesterday(_m: re.Match[str], today: date) -> DateRange:
    day = today - timedelta(days=1)
    return DateRange(day, day, "yesterday")


def _between_days(m: re.Match[str], today: date) -> DateRange | None:
    """ "between 1 and 15 March", "from 3 march to 10 april 2026", "1st-15th March"."""
    end_month = _MONTHS[m.group(4)]
    end = _dated(int(m.group(3)), end_month, today, int(m.group(5)) if m.group(5) else None)
    start = _dated(int(m.group(1)), _MONTHS[m.group(2)] if m.group(2) else end_month, end) if end else None
    if start is None or end is None or start > today:
        return None
    same_month = (start.year, start.month) == (end.year, end.month)
    head = f"between {start.day} and" if same_month else f"from {_day_month(start)} to"
    return DateRange(start, min(end, today), f"{head} {_day_month(end)} {end.year}")


def _between_months(m: re.Match[str], today: date) -> DateRange | None:
    """ "from March to May", "between jan and march 2026"."""
    last_start, last_end = _latest_month(_MONTHS[m.group(2)], today, int(m.group(3)) if m.group(3) else None)
    first_month = _MONTHS[m.group(1)]
    start = date(last_start.year - (first_month > last_start.month), first_month, 1)
    if start > today:
        return None
    return DateRange(start, min(last_end, today), f"{start:%B} to {last_start:%B %Y}")


def _since_last(m: re.Match[str], today: date) -> DateRange:
    """ "since last week" (its Monday), "since last month" (its first day)."""
    if m.group(1) == "week":
        return DateRange(today - timedelta(days=today.weekday() + 7), today, "since last week")
    return DateRange(add_months(today.replace(day=1), -1), today, "since last month")


def _since_weekday(m: re.Match[str], today: date) -> DateRange:
    """ "since monday" (today if it is Monday), "since last friday" (a week ago if it is Friday)."""
    start = _latest_weekday(_WEEKDAYS[m.group(2)], today, before_today=bool(m.group(1)))
    return DateRange(start, today, f"since {m.group(1) or ''}{calendar.day_name[start.weekday()]}")


def _since_date(m: re.Match[str], today: date) -> DateRange | None:
    """ "since 3 May", "since march 3rd", "since the 5th", "since March" (its first day)."""
    day, month = m.group(1) or m.group(4) or m.group(5), m.group(2) or m.group(3) or m.group(6)
    if day and month:
        start = _dated(int(day), _MONTHS[month], today)
    elif month:
        start = _latest_month(_MONTHS[month], today)[0]
    else:
        start = _latest_nth(int(day), today)
    return DateRange(start, today, f"since {_day_month(start)}") if start else None


def _on_day(m: re.Match[str], today: date) -> DateRange | None:
    """ "on 5 March", "the 5th of march 2025", "march 5th" (a date not after today)."""
    day, month, year = m.group(1) or m.group(4), m.group(2) or m.group(3), m.group(5)
    found = _dated(int(day), _MONTHS[month], today, int(year) if year else None)
    return _one_day(found, f"on {_day_month(found)} {found.year}" if found else "", today)


def _on_nth(m: re.Match[str], today: date) -> DateRange | None:
    """ "on the 5th": of this month, or of the last if the 5th is still to come."""
    found = _latest_nth(int(m.group(1)), today)
    return _one_day(found, f"on {_day_month(found)} {found.year}" if found else "", today)


def _on_weekday(m: re.Match[str], today: date) -> DateRange:
    """ "on monday" (the latest, today included), "last friday" (the latest before today)."""
    day = _latest_weekday(_WEEKDAYS[m.group(2)], today, before_today=m.group(1) == "last")
    return DateRange(day, day, f"{m.group(1)} {calendar.day_name[day.weekday()]}")


def _week_before_last(_m: re.Match[str], today: date) -> DateRange:
    start = today - timedelta(days=today.weekday() + 14)
    return DateRange(start, start + timedelta(days=6), "the week before last")


def _weekend(m: re.Match[str], today: date) -> DateRange:
    """ "last weekend": the one before this week's; "this weekend", "at the weekend": this one once begun."""
    saturday = today - timedelta(days=today.weekday() + 2)
    if m.group(1) in (None, "this") and today.weekday() >= 5:
        return DateRange(saturday + timedelta(days=7), today, "this weekend")
    return DateRange(saturday, saturday + timedelta(days=1), "last weekend")


def _last_count(m: re.Match[str], today: date) -> DateRange:
    """ "last 30 days", "past 2 weeks", "in the last fortnight", "last 3 months" (calendar months)."""
    n, unit = (2, "week") if m.group(1) else (_count(m.group(2)), m.group(3))
    if unit in ("month", "year"):
        start = add_months(today, -n * (12 if unit == "year" else 1)) + timedelta(days=1)
    else:
        start = today - timedelta(days=n * (7 if unit == "week" else 1) - 1)
    return DateRange(start, today, f"the last {n} {unit}{'s' if n != 1 else ''}")


def _this_week(_m: re.Match[str], today: date) -> DateRange:
    return DateRange(today - timedelta(days=today.weekday()), today, "this week")


def _last_week(_m: re.Match[str], today: date) -> DateRange:
    start = today - timedelta(days=today.weekday() + 7)
    return DateRange(start, start + timedelta(days=6), "last week")


def _this_month(_m: re.Match[str], today: date) -> DateRange:
    return DateRange(today.replace(day=1), today, "this month")


def _last_month(_m: re.Match[str], today: date) -> DateRange:
    start, end = _month_range(add_months(today.replace(day=1), -1))
    return DateRange(start, end, "last month")


def _this_year(_m: re.Match[str], today: date) -> DateRange:
    return DateRange(date(today.year, 1, 1), today, "this year")


def _last_year(_m: re.Match[str], today: date) -> DateRange:
    return DateRange(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31), "last year")


def _in_year(m: re.Match[str], today: date) -> DateRange | None:
    year = int(m.group(1))
    if not 1990 <= year <= today.year:
        return None
    return DateRange(date(year, 1, 1), min(date(year, 12, 31), today), str(year))


def _quarter(m: re.Match[str], today: date) -> DateRange | None:
    """ "Q1", "q3 2025", "this quarter", "last quarter" (a quarter without a year is the latest begun)."""
    current = (today.month - 1) // 3 + 1
    if m.group(1):
        quarter = int(m.group(1))
        year = int(m.group(2)) if m.group(2) else today.year - (quarter > current)
    elif m.group(3) == "this":
        quarter, year = current, today.year
    else:
        quarter, year = (4, today.year - 1) if current == 1 else (current - 1, today.year)
    start = date(year, 3 * quarter - 2, 1)
    if start > today:
        return None
    return DateRange(start, min(add_months(start, 3) - timedelta(days=1), today), f"Q{quarter} {year}")


def _in_month(m: re.Match[str], today: date) -> DateRange | None:
    """ "in March", "december", "during March 2025" (the latest such month not after today)."""
    if m.group(1) == "may" and _BARE_MAY.match(m.string, m.start(1)):
        return None  # "may I ..." is not the month
    start, end = _latest_month(_MONTHS[m.group(1)], today, int(m.group(2)) if m.group(2) else None)
    return DateRange(start, min(end, today), f"{start:%B %Y}") if start <= today else None


_DAY_MONTH = rf"{_D}(?:\s+of)?\s+({_M})"
"""A day then a month: "5 march", "5th of March" (two groups)."""
_BETWEEN = rf"\b(?:between|from)\s+(?:the\s+)?{_D}(?:\s+(?:of\s+)?({_M}))?\s+(?:and|to|until|till|-|–)\s+(?:the\s+)?"
_DASHED = rf"\b{_D}(?:\s+(?:of\s+)?({_M}))?\s*[-–]\s*"
_SINCE_DATE = rf"\bsince\s+(?:(?:the\s+)?{_DAY_MONTH}|({_M})\s+(?:the\s+)?{_D}|the\s+{_D}|({_M}))\b"
_ON_DATE = rf"\b(?:on\s+(?:the\s+)?)?(?:{_DAY_MONTH}|({_M})\s+(?:the\s+)?{_D}){_Y}\b"
_LAST_N = rf"\b(?:last|past|previous)\s+(?:(fortnight)|{_N}\s+(?:of\s+)?(day|week|month|year)s?)\b"

_RULES: tuple[tuple[re.Pattern[str], Rule], ...] = tuple(
    (re.compile(pattern), read)
    for pattern, read in (
        (r"\btoday\b", _today),
        (r"\byesterday\b", _yesterday),
        (rf"{_BETWEEN}{_DAY_MONTH}{_Y}\b", _between_days),
        (rf"{_DASHED}{_DAY_MONTH}{_Y}\b", _between_days),
        (rf"\b(?:from|between)\s+({_M})\s+(?:to|and|until|till|-)\s+({_M}){_Y}\b", _between_months),
        (r"\bsince\s+last\s+(week|month)\b", _since_last),
        (rf"\bsince\s+(last\s+)?({_W})\b", _since_weekday),
        (_SINCE_DATE, _since_date),
        (_ON_DATE, _on_day),
        (r"\bon\s+the\s+(\d{1,2})(?:st|nd|rd|th)?\b", _on_nth),
        (rf"\b(on|last)\s+({_W})\b", _on_weekday),
        (r"\bweek\s+before\s+last\b", _week_before_last),
        (r"\b(?:(last|this|past|previous)\s+|(?:over|at|on)\s+the\s+)week-?end\b", _weekend),
        (_LAST_N, _last_count),
        (r"\b(?:this|current)\s+week\b", _this_week),
        (r"\b(?:last|previous|past)\s+week\b", _last_week),
        (r"\b(?:this|current)\s+month\b|\bmonth\s+to\s+date\b|\bmtd\b", _this_month),
        (r"\b(?:last|previous|past)\s+month\b", _last_month),
        (r"\b(?:this|current)\s+year\b|\byear\s+to\s+date\b|\bytd\b", _this_year),
        (r"\b(?:last|previous|past)\s+year\b", _last_year),
        (r"\b(?:in|during|for|of|throughout)\s+(\d{4})\b", _in_year),
        (r"\bq([1-4])(?:\s+(\d{4}))?\b|\b(this|last)\s+quarter\b", _quarter),
        (rf"\b({_M})(?:\s+(\d{{4}}))?\b", _in_month),
    )
)


def _one_day(day: date | None, label: str, today: date) -> DateRange | None:
    return DateRange(day, day, label) if day and day <= today else None


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS.get(word, 1)


def _day_month(day: date) -> str:
    return f"{day.day} {day:%B}"


def _month_range(first: date) -> tuple[date, date]:
    return first, month_end(first)


def _latest_month(month: int, today: date, year: int | None = None) -> tuple[date, date]:
    """The first and last day of ``month`` in ``year``, or of the latest such month not after today."""
    return _month_range(date(year or (today.year if month <= today.month else today.year - 1), month, 1))


def _latest_weekday(weekday: int, today: date, *, before_today: bool) -> date:
    back = (today.weekday() - weekday) % 7
    return today - timedelta(days=back or (7 if before_today else 0))


def _latest_nth(day: int, today: date) -> date | None:
    """The latest ``day``-th of a month not after today ("the 28th" on 26 November: 28 October)."""
    for back in range(3):  # a 31st can be two months back (from 1-30 March: 31 January)
        first = add_months(today.replace(day=1), -back)
        if day <= month_end(first).day and first.replace(day=day) <= today:
            return first.replace(day=day)
    return None


def _dated(day: int, month: int, today: date, year: int | None = None) -> date | None:
    """The day in ``year``, or the latest such day not after ``today``; None if no such day."""
    if year is None:
        year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
    try:
        return date(year, month, day)
    except ValueError:
        return None


def when_phrase(period: DateRange) -> str:
    """``period`` as words after a noun: "last month", "over the last 30 days", "in March"."""
    label = period.label
    if label.startswith("the "):
        return f"over {label}"
    if label.startswith(("since", "last", "this", "today", "yesterday", "so far", "on ", "between", "from")):
        return label
    if label[:1].isdigit() and " to " in label:  # "23 November to 29 November" (the week before)
        return f"from {label}"
    return f"in {label}"
