"""A standing order's schedule and first payment date in plain words."""

from __future__ import annotations

from datetime import date

import pytest

from bankchat.agents.schedule_words import ScheduleWords, read_schedule, reads_day

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
        ("weekly on mondays", "weekly", 0, None),
        ("pay mum 50 every month", None, None, None),
        ("every month from next month", None, None, date(2027, 1, 1)),
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
