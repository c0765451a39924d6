"""Spending compared with the period before: the periods, and the figures against the ledger."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from bankchat.agents.dates import DateRange
from bankchat.agents.flows.comparison import after, before, names_the_earlier
from bankchat.agents.types import Customer
from bankchat.bank import ledger
from bankchat.bank.money import format_cents
from bankchat.db import session_scope
from tests.agents.customers import SEED_DAY, migrated_database, new_customer
from tests.agents.flows.steps import start

MARCH_SO_FAR = DateRange(date(2025, 3, 1), date(2025, 3, 14), "this month")
FEBRUARY = DateRange(date(2025, 2, 1), date(2025, 2, 28), "last month")


@pytest.fixture(scope="module")
def alice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Customer]:
    with migrated_database(tmp_path_factory.mktemp("comparison-flow") / "x.db"):
        yield new_customer("alice")


def test_the_period_before_a_month_is_the_calendar_month_before() -> None:
    assert before(MARCH_SO_FAR) == DateRange(date(2025, 2, 1), date(2025, 2, 28), "February")
    assert before(FEBRUARY) == DateRange(date(2025, 1, 1), date(2025, 1, 31), "January")
    week = DateRange(date(2025, 3, 8), date(2025, 3, 14), "the last 7 days")
    assert before(week) == DateRange(date(2025, 3, 1), date(2025, 3, 7), "the 7 days before")


def test_the_period_after_last_month_is_this_month_so_far() -> None:
    assert after(FEBRUARY, SEED_DAY) == DateRange(date(2025, 3, 1), SEED_DAY, "this month")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("am i spending more than last month", True),
        ("did i spend less on dining in february than in january", False),  # both named: february is asked about
        ("this month vs last month", False),
    ],
)
def test_names_the_earlier(text: str, expected: bool) -> None:
    assert names_the_earlier(text, SEED_DAY) is expected


def _spent(customer: Customer, start_day: date, end_day: date, **filters: str) -> int:
    with session_scope() as db:
        summary = ledger.spending_summary(db=db, owner_id=customer.user_id, start=start_day, end=end_day, **filters)
    return summary.total_out_cents


def test_this_month_so_far_is_set_beside_last_month_and_its_same_days(alice: Customer) -> None:
    reply = start(alice, "spending_summary", "how much did i spend this month vs last month")

    now, then = _spent(alice, MARCH_SO_FAR.start, SEED_DAY), _spent(alice, FEBRUARY.start, FEBRUARY.end)
    by_then = _spent(alice, FEBRUARY.start, date(2025, 2, 14))
    assert reply.content.startswith(f"You spent **{format_cents(now)}** this month")
    assert f"**{format_cents(then)}** in February" in reply.content
    assert f"By the same day of February (14 Feb) you had spent {format_cents(by_then)}" in reply.content
    assert "| Category | This month | February |" in reply.content
    assert reply.actions[0]["tool"] == "spending_comparison"


def test_more_than_last_month_asks_about_this_month(alice: Customer) -> None:
    reply = start(alice, "spending_summary", "am i spending more than last month")
    assert reply.content.startswith(f"You spent **{format_cents(_spent(alice, MARCH_SO_FAR.start, SEED_DAY))}**")


def test_two_whole_months_of_one_category(alice: Customer) -> None:
    reply = start(alice, "spending_summary", "did i spend less on dining in february than in january")

    feb = _spent(alice, FEBRUARY.start, FEBRUARY.end, category="dining")
    jan = _spent(alice, date(2025, 1, 1), date(2025, 1, 31), category="dining")
    assert reply.content.startswith(f"You spent **{format_cents(feb)}** on dining in February")
    change = "more" if feb > jan else "less"
    assert f"That's **{format_cents(abs(feb - jan))} {change}**." in reply.content
