"""Date ranges in plain words, relative to a pinned day (Thursday 26 November 2026)."""

from __future__ import annotations

from datetime import date

import pytest

from bankchat.agents.dates import parse_date_range

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("what did I spend today", date(2026, 11, 26), date(2026, 11, 26)),
        ("payments yesterday", date(2026, 11, 25), date(2026, 11, 25)),
        ("spending last week", date(2026, 11, 16), date(2026, 11, 22)),
        ("this week so far", date(2026, 11, 23), date(2026, 11, 26)),
        ("groceries last month", date(2026, 10, 1), date(2026, 10, 31)),
        ("this month", date(2026, 11, 1), date(2026, 11, 26)),
        ("the last 30 days", date(2026, 10, 28), date(2026, 11, 26)),
        ("past two weeks", date(2026, 11, 13), date(2026, 11, 26)),
        ("in March", date(2026, 3, 1), date(2026, 3, 31)),
        ("in december", date(2025, 12, 1), date(2025, 12, 31)),
        ("during March 2025", date(2025, 3, 1), date(2025, 3, 31)),
        ("since 3 May", date(2026, 5, 3), date(2026, 11, 26)),
        ("this year", date(2026, 1, 1), date(2026, 11, 26)),
    ],
)
def test_parse_date_range_reads_phrase(text: str, start: date, end: date) -> None:
    found = parse_date_range(text, TODAY)
    assert found is not None
    assert (found.start, found.end) == (start, end)


@pytest.mark.parametrize("text", ["what's my balance", "may I see my card", "send 50 to savings", ""])
def test_parse_date_range_without_period_is_none(text: str) -> None:
    assert parse_date_range(text, TODAY) is None


def test_parse_date_range_current_month_never_ends_in_future() -> None:
    found = parse_date_range("in November", TODAY)
    assert found is not None
    assert found.end == TODAY
