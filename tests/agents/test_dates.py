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


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("spending in febuary", date(2026, 2, 1), date(2026, 2, 28)),
        ("feburary", date(2026, 2, 1), date(2026, 2, 28)),
        ("what did I spend in decmber", date(2025, 12, 1), date(2025, 12, 31)),
        ("janurary", date(2026, 1, 1), date(2026, 1, 31)),
        ("septmber", date(2026, 9, 1), date(2026, 9, 30)),
        ("in agust", date(2026, 8, 1), date(2026, 8, 31)),
        ("during octobre", date(2026, 10, 1), date(2026, 10, 31)),
        ("novmber 2025", date(2025, 11, 1), date(2025, 11, 30)),
        ("since wensday", date(2026, 11, 25), date(2026, 11, 26)),
        ("on thrusday", date(2026, 11, 26), date(2026, 11, 26)),
        ("yesturday", date(2026, 11, 25), date(2026, 11, 25)),
    ],
)
def test_parse_date_range_forgives_typos_in_month_and_day_names(text: str, start: date, end: date) -> None:
    found = parse_date_range(text, TODAY)
    assert found is not None
    assert (found.start, found.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("spent lst mnth", "last month"),
        ("groceries ths wk", "this week"),
        ("hw much did i spnd on coffee dis month", "this month"),
        ("wot did i buy yday", "yesterday"),
        ("last 3 mths", "the last 3 months"),
    ],
)
def test_parse_date_range_reads_text_speak(text: str, label: str) -> None:
    found = parse_date_range(text, TODAY)
    assert found is not None
    assert found.label == label


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("the week before last", date(2026, 11, 9), date(2026, 11, 15), "the week before last"),
        ("last weekend", date(2026, 11, 21), date(2026, 11, 22), "last weekend"),
        ("this weekend", date(2026, 11, 21), date(2026, 11, 22), "last weekend"),
        ("since monday", date(2026, 11, 23), date(2026, 11, 26), "since Monday"),
        ("since last friday", date(2026, 11, 20), date(2026, 11, 26), "since last Friday"),
        ("since thursday", date(2026, 11, 26), date(2026, 11, 26), "since Thursday"),
        ("since last thursday", date(2026, 11, 19), date(2026, 11, 26), "since last Thursday"),
        ("what did I buy last friday", date(2026, 11, 20), date(2026, 11, 20), "last Friday"),
        ("on monday", date(2026, 11, 23), date(2026, 11, 23), "on Monday"),
        ("in the last fortnight", date(2026, 11, 13), date(2026, 11, 26), "the last 2 weeks"),
        ("past 2 weeks", date(2026, 11, 13), date(2026, 11, 26), "the last 2 weeks"),
        ("the last couple of weeks", date(2026, 11, 13), date(2026, 11, 26), "the last 2 weeks"),
        ("last 3 months", date(2026, 8, 27), date(2026, 11, 26), "the last 3 months"),
        ("past six months", date(2026, 5, 27), date(2026, 11, 26), "the last 6 months"),
        ("last 2 years", date(2024, 11, 27), date(2026, 11, 26), "the last 2 years"),
        ("so far this month", date(2026, 11, 1), date(2026, 11, 26), "this month"),
        ("month to date", date(2026, 11, 1), date(2026, 11, 26), "this month"),
        ("year to date", date(2026, 1, 1), date(2026, 11, 26), "this year"),
        ("last year", date(2025, 1, 1), date(2025, 12, 31), "last year"),
        ("in 2025", date(2025, 1, 1), date(2025, 12, 31), "2025"),
        ("during 2026", date(2026, 1, 1), date(2026, 11, 26), "2026"),
        ("Q1", date(2026, 1, 1), date(2026, 3, 31), "Q1 2026"),
        ("q4", date(2026, 10, 1), date(2026, 11, 26), "Q4 2026"),
        ("Q2 2025", date(2025, 4, 1), date(2025, 6, 30), "Q2 2025"),
        ("last quarter", date(2026, 7, 1), date(2026, 9, 30), "Q3 2026"),
        ("between 1 and 15 March", date(2026, 3, 1), date(2026, 3, 15), "between 1 and 15 March 2026"),
        ("from 3 march to 10 april", date(2026, 3, 3), date(2026, 4, 10), "from 3 March to 10 April 2026"),
        ("1st-15th March", date(2026, 3, 1), date(2026, 3, 15), "between 1 and 15 March 2026"),
        (
            "between 20 december and 5 january",
            date(2025, 12, 20),
            date(2026, 1, 5),
            "from 20 December to 5 January 2026",
        ),
        ("from march to may", date(2026, 3, 1), date(2026, 5, 31), "March to May 2026"),
        ("between november and january", date(2025, 11, 1), date(2026, 1, 31), "November to January 2026"),
        ("on 5 march", date(2026, 3, 5), date(2026, 3, 5), "on 5 March 2026"),
        ("march 5th", date(2026, 3, 5), date(2026, 3, 5), "on 5 March 2026"),
        ("the 5th of march 2025", date(2025, 3, 5), date(2025, 3, 5), "on 5 March 2025"),
        ("on the 5th", date(2026, 11, 5), date(2026, 11, 5), "on 5 November 2026"),
        ("on the 28th", date(2026, 10, 28), date(2026, 10, 28), "on 28 October 2026"),
        ("since the 5th", date(2026, 11, 5), date(2026, 11, 26), "since 5 November"),
        ("since march 3rd", date(2026, 3, 3), date(2026, 11, 26), "since 3 March"),
        ("since march", date(2026, 3, 1), date(2026, 11, 26), "since 1 March"),
        ("since last week", date(2026, 11, 16), date(2026, 11, 26), "since last week"),
        ("since last month", date(2026, 10, 1), date(2026, 11, 26), "since last month"),
        ("in may", date(2026, 5, 1), date(2026, 5, 31), "May 2026"),
        ("may 2025", date(2025, 5, 1), date(2025, 5, 31), "May 2025"),
        ("may I see what I spent in march", date(2026, 3, 1), date(2026, 3, 31), "March 2026"),
    ],
)
def test_parse_date_range_reads_relative_and_explicit_periods(text: str, start: date, end: date, label: str) -> None:
    found = parse_date_range(text, TODAY)
    assert found is not None
    assert (found.start, found.end, found.label) == (start, end, label)


@pytest.mark.parametrize(
    ("today", "text", "start", "end"),
    [
        (date(2026, 11, 28), "this weekend", date(2026, 11, 28), date(2026, 11, 28)),
        (date(2026, 11, 29), "at the weekend", date(2026, 11, 28), date(2026, 11, 29)),
        (date(2026, 11, 29), "last weekend", date(2026, 11, 21), date(2026, 11, 22)),
        (date(2026, 5, 31), "last 3 months", date(2026, 3, 1), date(2026, 5, 31)),
        (date(2026, 3, 31), "last month", date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 1, 15), "last quarter", date(2025, 10, 1), date(2025, 12, 31)),
        (date(2026, 1, 15), "since last month", date(2025, 12, 1), date(2026, 1, 15)),
        (date(2026, 3, 30), "on the 30th", date(2026, 3, 30), date(2026, 3, 30)),
        (date(2026, 3, 29), "on the 30th", date(2026, 1, 30), date(2026, 1, 30)),
        (date(2026, 11, 26), "on the 31st", date(2026, 10, 31), date(2026, 10, 31)),
    ],
)
def test_parse_date_range_is_calendar_correct(today: date, text: str, start: date, end: date) -> None:
    found = parse_date_range(text, today)
    assert found is not None
    assert (found.start, found.end) == (start, end)


@pytest.mark.parametrize("text", ["since payday", "spending since pay day", "since I got paid", "since my salary"])
def test_parse_date_range_since_payday_starts_on_last_payday(text: str) -> None:
    found = parse_date_range(text, TODAY, last_payday=date(2026, 11, 25))

    assert found is not None
    assert (found.start, found.end) == (date(2026, 11, 25), TODAY)
    assert parse_date_range(text, TODAY) is None


@pytest.mark.parametrize(
    "text",
    [
        "I'm having a match",
        "adjust my limit",
        "send jane 20",
        "junk mail",
        "sundry expenses",
        "send 1000 to bob",
        "pay 2000 to savings",
        "I paid 15 to priya",
        "how much did I spend on marsh mallows",
        "send 20 to marco",
        "the other one",
        "the last payment",
        "thus far nothing",
        "money money money",
        "between you and me",
        "between 1 and 15 december 2026",
        "on the 32nd",
    ],
)
def test_parse_date_range_ordinary_words_name_no_period(text: str) -> None:
    assert parse_date_range(text, TODAY) is None


def test_from_a_date_with_no_end_is_since_then() -> None:
    today = date(2025, 3, 13)
    since = parse_date_range("show all my transactions from 1 march", today)
    assert since is not None
    assert (since.start, since.end) == (date(2025, 3, 1), today)
    between = parse_date_range("from 3 march to 10 march", today)
    assert between is not None
    assert (between.start, between.end) == (date(2025, 3, 3), date(2025, 3, 10))
    assert parse_date_range("transfer from savings", today) is None
