"""Spending compared with the period before: "this month vs last month", "am I spending more than last month?"."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, timedelta

from bankchat.agents.dates import DateRange, parse_date_range, when_phrase
from bankchat.agents.flows.spec import Outcome
from bankchat.agents.tables import table
from bankchat.bank.ledger import SpendingSummary
from bankchat.bank.money import format_cents
from bankchat.bank.months import month_end

Summarise = Callable[[date, date], SpendingSummary]
"""The spending between two dates under the answer's filters."""


SHOWN_CATEGORIES = 8
"""Categories listed by name in a spending table; the others are one row, ``EVERYTHING_ELSE``."""
EVERYTHING_ELSE = "everything else"


def before(period: DateRange) -> DateRange:
    """The period just before ``period``: the calendar month before a month (or a month so far), else as long."""
    if _month_so_far(period) or _whole_month(period):
        end = period.start - timedelta(days=1)
        return DateRange(end.replace(day=1), end, f"{end:%B}")
    length = period.end - period.start + timedelta(days=1)
    return DateRange(period.start - length, period.start - timedelta(days=1), f"the {length.days} days before")


def after(period: DateRange, today: date) -> DateRange:
    """The period just after ``period``, up to ``today``: "more than last month?" asks about this month."""
    start = period.end + timedelta(days=1)
    if _whole_month(period):
        end = min(month_end(start), today)
        return DateRange(start, end, "this month" if end == today else f"{start:%B}")
    end = min(start + (period.end - period.start), today)
    return DateRange(start, end, "since then")


def names_the_earlier(text: str, today: date) -> bool:
    """Whether the one period named is the one compared with ("more than last month?"), not the one asked
    about ("less in february than in january" names both: February is asked about)."""
    parts = _THAN.split(text, maxsplit=1)
    if len(parts) != 2:
        return False
    head, tail = parts
    return parse_date_range(head, today) is None and parse_date_range(tail, today) is not None


_THAN = re.compile(r"\bthan\b", re.IGNORECASE)


def _whole_month(period: DateRange) -> bool:
    return period.start.day == 1 and period.end == month_end(period.end)


def _month_so_far(period: DateRange) -> bool:
    return period.start.day == 1 and period.start.month == period.end.month and period.start.year == period.end.year


def _payments(count: int) -> str:
    """ "1 payment", "3 payments"."""
    return f"{count} payment{'' if count == 1 else 's'}"


def compare(
    period: DateRange, summarise: Summarise, what: str, filters: Mapping[str, object], earlier: DateRange | None = None
) -> Outcome:
    """The spending of ``period`` beside ``earlier`` (unsaid: the period before), by category; a month so far
    also beside the same days of the month before (a fair comparison before the month is over). ``what``: "on
    dining", or ""."""
    usual = before(period)
    named = earlier is not None and (earlier.start, earlier.end) != (usual.start, usual.end)
    earlier = earlier if earlier is not None and named else usual
    now, then = summarise(period.start, period.end), summarise(earlier.start, earlier.end)
    text = (
        f"You spent **{format_cents(now.total_out_cents)}** {what + ' ' if what else ''}{_label(period)} "
        f"({_payments(now.count)}) and "
        f"**{format_cents(then.total_out_cents)}** {_label(earlier)} ({_payments(then.count)})."
    )
    partial = not named and _month_so_far(period) and period.end < month_end(period.end)
    if partial:
        same_day = min(earlier.start + (period.end - period.start), earlier.end)
        by_then = summarise(earlier.start, same_day)
        text += (
            f" By the same day of {earlier.label} ({same_day:%d %b}) you had spent "
            f"{format_cents(by_then.total_out_cents)}, so you're {_difference(now, by_then)} this month so far."
        )
    else:
        text += f" That's {_difference(now, then)}."
    rows = _by_category(now, then)
    if len(rows) > 1:
        text += "\n\n" + table(["Category", _label(period).capitalize(), earlier.label.capitalize()], rows, "lrr")
    action = {
        "tool": "spending_comparison",
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "before_start": earlier.start.isoformat(),
        "before_end": earlier.end.isoformat(),
        **{k: v for k, v in filters.items() if v},
    }
    return Outcome(text, (action,))


def _label(period: DateRange) -> str:
    return when_phrase(period).removeprefix("over ")  # "the last 30 days", "in March", "from 3 to 9 March"


def _difference(now: SpendingSummary, then: SpendingSummary) -> str:
    change = now.total_out_cents - then.total_out_cents
    if change == 0:
        return "exactly the same"
    return f"**{format_cents(abs(change))} {'more' if change > 0 else 'less'}**"


def _by_category(now: SpendingSummary, then: SpendingSummary) -> list[tuple[str, str, str]]:
    """Each category either period spent on, the larger spending first."""
    a, b = dict(now.by_category), dict(then.by_category)
    names = sorted(set(a) | set(b), key=lambda c: -max(a.get(c, 0), b.get(c, 0)))
    rows = [(c, format_cents(a.get(c, 0)), format_cents(b.get(c, 0))) for c in names[:SHOWN_CATEGORIES]]
    if rest := names[SHOWN_CATEGORIES:]:  # the rows add up to the totals said above
        rows.append(
            (
                EVERYTHING_ELSE,
                format_cents(sum(a.get(c, 0) for c in rest)),
                format_cents(sum(b.get(c, 0) for c in rest)),
            )
        )
    return rows
