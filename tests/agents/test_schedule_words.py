"""A standing order's schedule and first payment date in plain words."""

from __future__ import annotations

from datetime import date

import pytest

from bankchat.agents.schedule_words import (
    OPEN_ENDED,
    ScheduleWords,
    end_date,
    later_day,
    names_later_day,
    read_end,
    read_schedule,
    reads_day,
    reads_end,
    without_open_end,
)
from bankchat.bank.schedules import Schedule

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("text", "frequency", "day", "start"),
    [
        ("pay mum 50 on the 1st of every month", "monthly", 1, None),
        ("every month on the 15th", "monthly", 15, None),
        ("on the last day of every month", "monthly", 31, None),
        ("standing order of 900 to my landlord every month from january", "monthly", 1, date(2027, 1, 1)),
        ("every month starting 15 jan", "monthly", 15, date(2027, 1, 15)),
        ("from 1st march 2027", "monthly", 1, date(2027, 3, 1)),
        ("starting 1 feb 2025", "monthly", 1, date(2025, 2, 1)),  # in the past: the bank refuses it
        ("pay bob 20 every friday", "weekly", 4, None),
        ("pay bob 20 evry friday", "weekly", 4, None),
        ("weekly on mondays", "weekly", 0, None),
        ("pay mum 50 every month", None, None, None),
        ("every month from next month", None, None, date(2027, 1, 1)),
        ("starting 1st of next month", "monthly", 1, date(2027, 1, 1)),
        ("pay mum 30 on the 5th of next month every month", "monthly", 5, date(2027, 1, 5)),
        ("the 15th of next month", "monthly", 15, date(2027, 1, 15)),
    ],
)
def test_read_schedule(text: str, frequency: str | None, day: int | None, start: date | None) -> None:
    said = read_schedule(text, TODAY)

    assert (said.frequency, said.day, said.start, said.problem) == (frequency, day, start, "")


@pytest.mark.parametrize(
    ("text", "problem", "bad_start"),
    [
        ("pay bob 50 from 30 february", "There's no 30th of February: February has 28 days.", True),
        ("from 31 april", "There's no 31st of April: April has 30 days.", True),
        ("on the 32nd of every month", "No month has a 32nd day.", False),
    ],
)
def test_a_day_that_does_not_exist_is_named(text: str, problem: str, bad_start: bool) -> None:
    said = read_schedule(text, TODAY)

    assert (said.problem, said.bad_start, said.encoded) == (problem, bad_start, None)


def test_a_bare_number_is_a_day_only_as_an_answer() -> None:
    assert read_schedule("15", TODAY, answering=True) == ScheduleWords("monthly", 15)
    assert read_schedule("15", TODAY).encoded is None
    assert reads_day("the 1st")
    assert reads_day("every friday")
    assert not reads_day("what is my balance")


@pytest.mark.parametrize(
    ("text", "encoded"),
    [
        ("pay mum 50 on the 1st of every month until June", "2027-06-30"),
        ("untill june", "2027-06-30"),
        ("til the end of june", "2027-06-30"),
        ("till 15 june 2027", "2027-06-15"),
        ("until 2027-06-01", "2027-06-01"),
        ("stop it after March", "2027-03-31"),
        ("stop the standing order to mum after febuary", "2027-02-28"),
        ("ending in jan 2027", "2027-01-31"),
        ("until june 2026", "2026-06-30"),  # passed: the bank refuses it in words
        ("until december", "2026-12-31"),
        ("for 6 months", "months:6"),
        ("for six mnths", "months:6"),
        ("for the next 10 weeks", "weeks:10"),
        ("stop after 3 payments", "payments:3"),
        ("after 6 payments", "payments:6"),  # the answer to "when should it stop instead?"
        ("no end date", OPEN_ENDED),
        ("without an end date please", OPEN_ENDED),
        ("until i cancel it", OPEN_ENDED),
        ("till further notice", OPEN_ENDED),
        ("indefinitely", OPEN_ENDED),
        ("keep it going", OPEN_ENDED),
        ("pay mum 50 every month", None),
        ("stop it", None),
        ("cancel the standing order to mum", None),
    ],
)
def test_read_end(text: str, encoded: str | None) -> None:
    ends = read_end(text, TODAY)

    assert ends.encoded == encoded
    assert reads_end(text) == (encoded is not None)


def test_no_end_has_no_end_date_and_names_no_end_to_cancel() -> None:
    assert end_date(OPEN_ENDED, Schedule("monthly", 1), date(2027, 1, 1)) is None
    assert without_open_end("pay mum 30 every month, no end date").strip() == "pay mum 30 every month,"


def test_read_end_names_a_day_that_does_not_exist() -> None:
    ends = read_end("until 31 february", TODAY)

    assert (ends.encoded, ends.problem) == (None, "There's no 31st of February: February has 28 days.")


@pytest.mark.parametrize(
    ("encoded", "schedule", "end"),
    [
        ("2027-06-30", Schedule("monthly", 1), date(2027, 6, 30)),
        ("months:6", Schedule("monthly", 1), date(2027, 6, 1)),  # the 6th payment
        ("payments:3", Schedule("weekly", 4), date(2027, 1, 15)),
        ("weeks:4", Schedule("weekly", 4), date(2027, 1, 22)),
        ("weeks:2", Schedule("monthly", 1), date(2027, 1, 14)),  # a span of another unit: to its last day
        ("months:2", Schedule("weekly", 4), date(2027, 2, 28)),
    ],
)
def test_end_date_counts_from_the_first_payment(encoded: str, schedule: Schedule, end: date) -> None:
    first = schedule.first_on_or_after(date(2027, 1, 1))

    assert end_date(encoded, schedule, first) == end


@pytest.mark.parametrize(
    ("text", "frequency", "day"),
    [
        ("make it weekly on fridays", "weekly", 4),
        ("wkly on fri", "weekly", 4),
        ("monthly on the 15th instead", "monthly", 15),
    ],
)
def test_read_schedule_reads_a_change_of_frequency(text: str, frequency: str, day: int) -> None:
    words = read_schedule(text, TODAY)

    assert (words.frequency, words.day) == (frequency, day)


def test_a_weekday_alone_answers_which_day_as_a_weekly_order() -> None:
    assert reads_day("fridays")
    assert (read_schedule("fridays", TODAY, answering=True).encoded, read_schedule("fridays", TODAY).encoded) == (
        "weekly:4",
        None,
    )


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("pay bob 15 tomorrow", date(2026, 12, 8)),
        ("send priya 10 tmrw morning", date(2026, 12, 8)),
        ("pay bob 15 on friday", date(2026, 12, 11)),
        ("pay bob 15 on monday", date(2026, 12, 14)),  # said on a Monday: a week today
        ("send bob 20 next tuesday", date(2026, 12, 8)),
        ("transfer 50 to savings on the 1st", date(2027, 1, 1)),
        ("pay bob 5 on the 7th", date(2027, 1, 7)),  # today is the 7th: next month's
        ("send 10 on the 31st", date(2026, 12, 31)),
        ("please send bob 30 on 20 march", date(2027, 3, 20)),
        ("pay bob on december 24", date(2026, 12, 24)),
    ],
)
def test_later_day_is_the_next_such_day(text: str, day: date) -> None:
    assert names_later_day(text)
    assert later_day(text, TODAY) == day


@pytest.mark.parametrize(
    "text",
    [
        "pay bob 15 on fridays",
        "pay bob 15 every friday",
        "send mum 20 mnthly on the 3rd",
        "pay bob 5 every 2 weeks on friday",
        "set up a standing order to bob on friday",
        "pay bob 15",
    ],
)
def test_a_repeat_or_no_day_is_no_later_day(text: str) -> None:
    assert not names_later_day(text)
    assert later_day(text, TODAY) is None


def test_a_day_not_in_the_calendar_is_named_but_none() -> None:
    assert names_later_day("pay 10 to bob on 30 february")
    assert later_day("pay 10 to bob on 30 february", TODAY) is None
