"""Schedule maths: month ends, leap years, weekdays."""

from __future__ import annotations

from datetime import date

import pytest

from bankchat.bank.schedules import Schedule, day_in_month, ordinal


def test_monthly_day_31_falls_on_each_month_last_day() -> None:
    dates = Schedule("monthly", 31).dates(date(2027, 1, 1), date(2027, 6, 30))

    assert dates == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
        date(2027, 5, 31),
        date(2027, 6, 30),
    ]


def test_monthly_day_29_is_29_february_in_a_leap_year_only() -> None:
    assert Schedule("monthly", 29).first_on_or_after(date(2028, 2, 1)) == date(2028, 2, 29)
    assert Schedule("monthly", 29).first_on_or_after(date(2027, 2, 1)) == date(2027, 2, 28)
    assert Schedule("monthly", 30).after(date(2028, 1, 30)) == date(2028, 2, 29)


def test_monthly_after_a_short_month_goes_back_to_the_day_asked_for() -> None:
    assert Schedule("monthly", 31).after(date(2027, 2, 28)) == date(2027, 3, 31)


def test_monthly_first_date_is_next_month_when_the_day_has_passed() -> None:
    assert Schedule("monthly", 1).first_on_or_after(date(2026, 12, 7)) == date(2027, 1, 1)
    assert Schedule("monthly", 7).first_on_or_after(date(2026, 12, 7)) == date(2026, 12, 7)
    assert Schedule("monthly", 15).after(date(2026, 12, 15)) == date(2027, 1, 15)


def test_weekly_pays_on_the_weekday_every_seven_days() -> None:
    friday = Schedule("weekly", 4)

    assert friday.dates(date(2026, 12, 7), date(2026, 12, 31)) == [
        date(2026, 12, 11),
        date(2026, 12, 18),
        date(2026, 12, 25),
    ]
    assert friday.first_on_or_after(date(2026, 12, 11)) == date(2026, 12, 11)


@pytest.mark.parametrize(("frequency", "day"), [("monthly", 0), ("monthly", 32), ("weekly", 7), ("daily", 1)])
def test_schedule_refuses_a_day_that_does_not_exist(frequency: str, day: int) -> None:
    with pytest.raises(ValueError, match=r"frequency|day"):
        Schedule(frequency, day)  # type: ignore[arg-type]


def test_describe_says_the_day_in_words() -> None:
    assert Schedule("monthly", 1).describe() == "on the 1st of every month"
    assert Schedule("monthly", 22).describe() == "on the 22nd of every month"
    assert Schedule("weekly", 0).describe() == "every Monday"
    assert Schedule("monthly", 31).shortened
    assert not Schedule("monthly", 28).shortened
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 23, 31)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "23rd", "31st"
    ]  # fmt: skip
    assert day_in_month(2100, 2, 29) == date(2100, 2, 28)  # 2100 is no leap year
