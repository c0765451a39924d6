"""Companies paid on about the same day, for about the same amount, in each of the last whole months."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bankchat.agents.flows.regular_payers import months_back, regular_payers
from bankchat.bank.ledger import TransactionView

TODAY = date(2025, 3, 10)


def _paid(merchant: str, day: date, cents: int, category: str = "subscriptions") -> TransactionView:
    return TransactionView(
        public_id=f"txn_{merchant}_{day}",
        booked_at=datetime.combine(day, datetime.min.time(), UTC),
        value_date=day,
        merchant=merchant,
        category=category,
        description=merchant,
        amount_cents=-cents,
        id=0,
        account_id=1,
        account_name="Everyday Checking",
        balance_after_cents=0,
    )


def _newest_first(*lines: TransactionView) -> list[TransactionView]:
    return sorted(lines, key=lambda t: t.value_date, reverse=True)


def test_months_back_crosses_the_year() -> None:
    assert months_back(TODAY, 2) == date(2025, 1, 1)
    assert months_back(date(2025, 1, 31), 1) == date(2024, 12, 1)


def test_a_monthly_bill_is_regular_with_its_latest_payment() -> None:
    lines = _newest_first(
        _paid("Netflix", date(2025, 1, 7), 1099), _paid("Netflix", date(2025, 2, 7), 1099),
        _paid("Netflix", date(2025, 3, 7), 1099),
    )  # fmt: skip
    found = regular_payers(lines, TODAY)
    assert [p.merchant for p in found] == ["Netflix"]
    assert found[0].latest.value_date == date(2025, 3, 7)


def test_a_varying_bill_on_a_drifting_day_is_still_regular() -> None:
    lines = _newest_first(_paid("British Gas", date(2025, 1, 5), 7200), _paid("British Gas", date(2025, 2, 8), 8300))
    assert [p.merchant for p in regular_payers(lines, TODAY)] == ["British Gas"]


def test_shops_paid_often_or_for_varying_sums_or_once_are_not_regular() -> None:
    lines = _newest_first(
        _paid("Tesco", date(2025, 1, 4), 4500), _paid("Tesco", date(2025, 1, 18), 5200),
        _paid("Tesco", date(2025, 2, 4), 4800),  # twice in January
        _paid("Odeon", date(2025, 1, 10), 900), _paid("Odeon", date(2025, 2, 11), 4000),  # sums far apart
        _paid("Argos", date(2025, 2, 3), 2000),  # February only
        _paid("Uber", date(2025, 1, 2), 1500), _paid("Uber", date(2025, 2, 25), 1500),  # days far apart
    )  # fmt: skip
    assert regular_payers(lines, TODAY) == []
