"""A standing order's schedule and first payment in plain words.

"on the 1st of every month", "every month on the 15th", "monthly", "every friday",
"weekly on mondays", "from january", "starting 1 feb 2027", "from next month"; and when it
ends: "until June", "till 15 june 2027", "for 6 months", "stop it after March", or not at all: "no end date",
"until i cancel it".
Unlike ``dates`` (which reads periods that have passed), a date said without a year
here is the next one from today; a date said with a year that has passed is refused
by the bank with a clear sentence, and a day no month has (the 32nd, 30 February) is
named as such.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from bankchat.agents.money import count_of
from bankchat.agents.textspeak import spelled_out
from bankchat.bank.months import add_months, day_in_month
from bankchat.bank.schedules import WEEKDAYS, Schedule, ordinal

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS.update({"sept": 9, "febuary": 2, "feburary": 2, "janurary": 1, "januray": 1, "agust": 8, "septmber": 9})
_MONTHS.update({"octobre": 10, "novmber": 11, "decmber": 12, "apirl": 4, "jun": 6, "jul": 7})
_DAYS = {name.lower(): i for i, name in enumerate(WEEKDAYS)}
_DAYS.update({"mon": 0, "tue": 1, "tues": 1, "wed": 2, "weds": 2, "wensday": 2, "wednsday": 2, "thu": 3})
_DAYS.update({"thur": 3, "thurs": 3, "thursay": 3, "thrusday": 3, "fri": 4, "firday": 4, "fridy": 4, "frday": 4})
_DAYS.update({"sat": 5, "satuday": 5, "saturay": 5, "sun": 6, "sunady": 6})
_M = "|".join(sorted(_MONTHS, key=len, reverse=True))
_W = "|".join(sorted(_DAYS, key=len, reverse=True))

_EVERY = r"(?:every|evry|evrey|eveyr|each)"
"""Every, as customers type it."""
_WEEKLY = re.compile(
    rf"\b(?:{_EVERY}|on)\s+({_W})s?\b|\b({_W})s?\s+{_EVERY}\s+week\b|\b(?:weekly|wkly|weekley|weelky)\b", re.I
)
_WEEKDAY = re.compile(rf"\b({_W})s?\b", re.I)
_START = re.compile(
    rf"\b(?:from|starting|start(?:ing)? (?:on|from)|beginning|as of|commencing)\s+(?:on\s+)?(?:the\s+)?"
    rf"(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?P<month>{_M})\b\.?(?:\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\b)?"
    r"(?:,?\s+(?P<year>\d{4}))?"
    r"|\b(?:from|starting|beginning)\s+(?P<rel>next month|today|tomorrow|next week)\b"
    r"|(?:\b(?:from|starting|beginning|start(?:ing)?\s+(?:on|from)|on)\s+)?\b(?:the\s+)?"
    r"(?P<relday>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?next\s+month\b",
    re.I,
)
_DAY_OF_MONTH = re.compile(
    r"\b(?:on\s+)?the\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:of\s+)?(?:" + _M + r")\b)"
    r"|\b(?P<day2>\d{1,2})(?:st|nd|rd|th)\s+(?:of\s+)?(?:" + _EVERY + r"|the|next)\s+month\b"
    r"|\bon\s+(?P<day3>\d{1,2})(?:st|nd|rd|th)\b(?!\s*(?:of\s+)?(?:" + _M + r")\b)"
    r"|\b(?P<last>(?:the\s+)?last day)\b",
    re.I,
)
_BARE_DAY = re.compile(r"^\s*(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s*(?:please|pls)?[.!]?\s*$", re.I)
"""A day alone ("the 1st", "15th", "15"), as the answer to "which day of the month?"."""
_BARE_WEEKDAY = re.compile(rf"^\s*(?:on\s+)?(?:a\s+)?({_W})s?\s*(?:please|pls)?[.!]?\s*$", re.I)
"""A weekday alone ("fridays", "on a friday"), as the answer to "which day should it go out?": weekly."""


@dataclass(frozen=True)
class ScheduleWords:
    """What a message says about a schedule (None: not said) and what it got wrong."""

    frequency: str | None = None
    """``monthly`` or ``weekly``."""
    day: int | None = None
    """Monthly: 1-31; weekly: 0 (Monday)-6."""
    start: date | None = None
    problem: str = ""
    """A day or date that does not exist, in a sentence."""
    bad_start: bool = False
    """Whether ``problem`` is about the first payment's date (else about the day of the month)."""

    @property
    def encoded(self) -> str | None:
        """The schedule as a slot value: ``monthly:1``, ``weekly:4`` (None without a day)."""
        return f"{self.frequency}:{self.day}" if self.frequency and self.day is not None else None


def read_schedule(text: str, today: date, *, answering: bool = False) -> ScheduleWords:
    """What ``text`` says about when a standing order pays; ``answering``: "15" alone is a day of the month."""
    start, problem, dated = _start(text, today)
    weekly = _WEEKLY.search(text) or (_BARE_WEEKDAY.match(text) if answering else None)
    if weekly is not None:
        named = weekly.group(1) or weekly.group(2) or _weekday_anywhere(text)
        day = _DAYS[named.lower()] if named else (start.weekday() if start else None)
        return ScheduleWords("weekly", day, start, problem, bool(problem))
    day, day_problem = _day_of_month(text, answering=answering)
    if day is None and start is not None and dated:
        day = start.day  # "every month from 15 january": on the 15th
    frequency = "monthly" if day is not None else None
    return ScheduleWords(frequency, day, start, problem or day_problem, bool(problem))


def _weekday_anywhere(text: str) -> str | None:
    found = _WEEKDAY.search(text)
    return found.group(1) if found else None


def _day_of_month(text: str, *, answering: bool) -> tuple[int | None, str]:
    said = _DAY_OF_MONTH.search(text) or (_BARE_DAY.match(text) if answering else None)
    if said is None:
        return None, ""
    groups = said.groupdict() if said.re is _DAY_OF_MONTH else {"day": said.group(1)}
    if groups.get("last"):
        return 31, ""
    number = int(next(v for k, v in groups.items() if k.startswith("day") and v))
    if not 1 <= number <= 31:
        return None, f"No month has a {ordinal(number)} day."
    return number, ""


def _start(text: str, today: date) -> tuple[date | None, str, bool]:
    """The first payment date said, why it can't be, and whether it names a day of a month."""
    said = _START.search(text)
    if said is None:
        return None, "", False
    rel = (said.group("rel") or "").lower()
    month_on = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    if rel:
        starts = {"today": today, "tomorrow": today + timedelta(days=1), "next week": today + timedelta(days=7)}
        return starts.get(rel, month_on), "", False
    if said.group("relday"):  # "starting the 1st of next month": that day, from next month
        day, days = int(said.group("relday")), calendar.monthrange(month_on.year, month_on.month)[1]
        if not 1 <= day <= days:
            name = calendar.month_name[month_on.month]
            return None, f"There's no {ordinal(day)} of {name}: {name} has {days} days.", True
        return month_on.replace(day=day), "", True
    month = _MONTHS[said.group("month").lower()]
    day_text = said.group("day") or said.group("day2")
    day = int(day_text) if day_text else 1
    year = int(said.group("year")) if said.group("year") else None
    guess = year or today.year
    if not 1 <= day <= calendar.monthrange(guess, month)[1]:
        name = calendar.month_name[month]
        days = calendar.monthrange(guess, month)[1]
        return None, f"There's no {ordinal(day)} of {name}: {name} has {days} days.", True
    if year is not None:
        return date(year, month, day), "", True
    candidate = date(today.year, month, day)
    if candidate < today:
        if not day_text and month == today.month:
            return today, "", False  # "from december" in December: from today
        next_year = today.year + 1
        return date(next_year, month, min(day, calendar.monthrange(next_year, month)[1])), "", True
    return candidate, "", True


def reads_day(text: str) -> bool:
    """ "the 1st", "15th", "15", "every friday", "fridays": a day alone, as the answer to "which day should it go
    out?"."""
    return any(pattern.search(text) for pattern in (_BARE_DAY, _BARE_WEEKDAY, _DAY_OF_MONTH, _WEEKLY))


_DATE = (
    r"(?P<iso>\d{4}-\d{2}-\d{2})\b"
    rf"|(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?P<month>{_M})\b\.?"
    r"(?:\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?\b)?(?:,?\s+(?P<year>\d{4}))?"
)
_END = re.compile(
    r"\b(?:un?til+l?|unitl|untl|till?|up\s*(?:to|until)|through|thru|to the end of|ending|ends?"
    r"|(?:stop|end|finish)(?:\s+[\w']+){0,6}?\s+(?:after|in|on|at the end of)"
    r"|(?:the\s+)?last\s+(?:payment|one)\s+(?:in|on))\s+(?:(?:in|on|by)\s+)?(?:the\s+)?(?:end\s+of\s+)?"
    rf"(?:{_DATE})",
    re.I,
)
_FOR = re.compile(
    r"\b(?:for|over)\s+(?:the\s+next\s+|another\s+)?(?P<count>\d{1,3}|[a-z]+)\s+"
    r"(?P<unit>months?|mon?ths?|mnths?|monhts?|weeks?|wee?ks?|wks?|payments?|paymnets?|times)\b"
    r"|(?:\b(?:stop|end)(?:\s+[\w']+){0,6}?\s+|^\W*)after\s+(?P<count2>\d{1,3}|[a-z]+)\s+(?P<unit2>payments?|paymnets?|months?|weeks?)\b",
    re.I,
)


OPEN_ENDED = "open"
"""The ``end`` slot's value for a standing order said to carry on until cancelled ("no end date")."""
_OPEN = re.compile(
    r"\b(?:(?:with\s*out|w/o|no)\s+(?:an?\s+)?(?:end|finish|stop)(?:[\s-]*date)?"
    r"|(?:un?til+l?|till?)\s+(?:i|we)\s+(?:cancel|stop|say)\b(?:\s+(?:it|so|stop))?"
    r"|(?:un?til+l?|till?)\s+(?:further\s+notice|(?:it'?s\s+|it\s+is\s+)?cancell?ed)"
    r"|indefinitely|ongoing|open[\s-]?ended|for\s*ever|never\s+(?:ends?|stops?)|keep\s+(?:it\s+)?going"
    r"|don'?t\s+(?:end|stop)\s+it)\b",
    re.I,
)
"""Words that say a standing order has no end: "no end date", "until i cancel it", "indefinitely"."""


@dataclass(frozen=True)
class EndWords:
    """What a message says about when a standing order stops (None: not said)."""

    encoded: str | None = None
    """A slot value: an ISO date (the last day a payment may fall on), ``payments:6``, ``months:6``,
    ``weeks:6`` (counted from the first payment, ``end_date`` turns it into a date) or ``OPEN_ENDED``."""
    said: str = ""
    """The words that said it, so they are not read again as an amount or a day."""
    problem: str = ""
    """A date that does not exist, in a sentence."""


def read_end(text: str, today: date) -> EndWords:
    """When ``text`` says the standing order stops: a month ("until June": after June's payment), a day
    ("till 15 june 2027"), a count ("for 6 months", "for ten weeks", "stop after 3 payments"), or never
    ("no end date": ``OPEN_ENDED``)."""
    open_ended = _OPEN.search(text)
    if open_ended is not None:
        return EndWords(OPEN_ENDED, open_ended.group(0))
    counted = _FOR.search(text)
    if counted is not None:
        count = count_of(counted.group("count") or counted.group("count2"))
        unit = (counted.group("unit") or counted.group("unit2")).lower()
        if count is not None and count > 0:
            kind = "payments" if unit.startswith(("p", "t")) else "weeks" if unit.startswith("w") else "months"
            return EndWords(f"{kind}:{count}", counted.group(0))
    said = _END.search(text)
    if said is None:
        return EndWords()
    if said.group("iso"):
        try:
            return EndWords(date.fromisoformat(said.group("iso")).isoformat(), said.group(0))
        except ValueError:
            return EndWords(None, said.group(0), f"There's no such date as {said.group('iso')}.")
    month = _MONTHS[said.group("month").lower()]
    day_text = said.group("day") or said.group("day2")
    year = int(said.group("year")) if said.group("year") else today.year
    if not day_text and said.group("year") is None and month < today.month:
        year += 1  # "until june" in December: next June
    last = calendar.monthrange(year, month)[1]
    day = int(day_text) if day_text else last
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        return EndWords(None, said.group(0), f"There's no {ordinal(day)} of {name}: {name} has {last} days.")
    end = date(year, month, day)
    if day_text and said.group("year") is None and end < today:
        end = day_in_month(year + 1, month, day)
    return EndWords(end.isoformat(), said.group(0))


def end_date(encoded: str, schedule: Schedule, first: date) -> date | None:
    """The end date an ``EndWords.encoded`` value means for a schedule whose first payment is ``first``: a count
    of payments (or of the schedule's own months or weeks) ends on the last of them; another span ends the day
    before it is over ("for 2 months" of a weekly order: up to the day before two months from the first);
    ``OPEN_ENDED`` has none (None)."""
    if encoded == OPEN_ENDED:
        return None
    kind, _, count_text = encoded.partition(":")
    if not count_text:
        return date.fromisoformat(encoded)
    count = int(count_text)
    if kind == "payments" or kind == f"{schedule.frequency.removesuffix('ly')}s":
        due = first
        for _ in range(count - 1):
            due = schedule.after(due)
        return due
    if kind == "weeks":
        return first + timedelta(weeks=count) - timedelta(days=1)
    months = first.month - 1 + count
    return day_in_month(first.year + months // 12, months % 12 + 1, first.day) - timedelta(days=1)


def without_open_end(text: str) -> str:
    """``text`` without its words of no end ("no end date" names no end to cancel)."""
    return _OPEN.sub(" ", text)


def reads_end(text: str) -> bool:
    """ "until june", "for 6 months", "stop it after march", "no end date": words that say when a standing order
    stops (or that it doesn't)."""
    return bool(_FOR.search(text) or _END.search(text) or _OPEN.search(text))


_LATER_DAY = re.compile(
    r"\b(?P<tomorrow>tomorrow|tomorow|tommorow|tommorrow|tmrw|tmr|tomoz|2moro|2morrow)\b"
    rf"|\b(?:on|this|next|coming|this coming)\s+(?P<weekday>{_W})\b"
    rf"|\bon\s+(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)\b(?!\s*(?:of\s+)?(?:{_M})\b)"
    rf"|\bon\s+(?:the\s+)?(?P<dated>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_M})\b"
    rf"|\bon\s+(?P<month2>{_M})\s+(?P<dated2>\d{{1,2}})(?:st|nd|rd|th)?\b",
    re.I,
)
"""One later day for a single payment: "tomorrow", "on friday", "next tuesday", "on the 1st", "on 20 march"."""
_REPEATING = re.compile(
    rf"\b{_EVERY}\s+(?:day|week|fortnight|month|year|{_W}|\d+(?:st|nd|rd|th)?)\b"
    r"|\b(?:a|per|every\s+\w+)\s+(?:weeks?|months?|years?)\b"
    r"|\b(?:bi)?(?:weekly|monthly)\b|\b(?:fortnightly|yearly|annually)\b"
    rf"|\bon\s+(?:{_W})s\b|\b(?:{_W})s\s+{_EVERY}\s+week\b",
    re.I,
)
"""Words that make a payment repeat ("every month", "weekly", "on fridays"): a standing order of its own, never one
payment on a later day."""
_STANDING = re.compile(r"\bstanding\s+orders?\b", re.I)


def names_later_day(text: str) -> bool:
    """Whether ``text`` names one later day for a single payment ("send bob 20 on friday"), not a repeat."""
    return _LATER_DAY.search(text) is not None and not repeats(text) and _STANDING.search(text) is None


def repeats(text: str) -> bool:
    """Words (typos mended: "mnthly") that make a payment repeat: "every month", "weekly", "on fridays"."""
    return _REPEATING.search(text) is not None or _REPEATING.search(spelled_out(text)) is not None


def later_day(text: str, today: date) -> date | None:
    """The one later day ``text`` names for a single payment (the next such day after ``today``), or None.

    "on friday" on a Friday is a week today; "on the 31st" is the next month that has one; a date
    that does not exist ("on 30 february") is None, like a day not said.
    """
    said = _LATER_DAY.search(text) if names_later_day(text) else None
    if said is None:
        return None
    if said.group("tomorrow"):
        return today + timedelta(days=1)
    if said.group("weekday"):
        return today + timedelta(days=(_DAYS[said.group("weekday").lower()] - today.weekday() - 1) % 7 + 1)
    if said.group("day"):
        day = int(said.group("day"))
        for ahead in range(12):  # the next month (this one first) whose such day is still to come
            month_start = add_months(today.replace(day=1), ahead)
            if 1 <= day <= calendar.monthrange(month_start.year, month_start.month)[1]:
                candidate = month_start.replace(day=day)
                if candidate > today:
                    return candidate
        return None
    month = _MONTHS[(said.group("month") or said.group("month2")).lower()]
    day = int(said.group("dated") or said.group("dated2"))
    for year in (today.year, today.year + 1):
        if 1 <= day <= calendar.monthrange(year, month)[1] and (candidate := date(year, month, day)) > today:
            return candidate
    return None
