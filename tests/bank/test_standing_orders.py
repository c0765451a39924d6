"""Standing orders: checks, set-up, amend, cancel, ownership and the audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlmodel import Session as Db
from sqlmodel import select

from bankchat.bank.schedules import Schedule
from bankchat.bank.standing_orders import (
    StandingOrderChanges,
    StandingOrderRequest,
    amend_standing_order,
    cancel_standing_order,
    check_standing_order,
    create_standing_order,
    get_standing_order,
    list_standing_orders,
)
from bankchat.errors import StandingOrderNotFound, StandingOrderRejected
from bankchat.models import Account, AuditEntry, StandingOrder
from tests.bank.helpers import make_customer, make_payee, open_account
from tests.factories import count_rows

TODAY = date(2026, 12, 7)


@dataclass
class Customer:
    owner: int
    checking: int
    savings: int
    credit: int
    mum: int


@pytest.fixture
def customer(db: Db) -> Customer:
    owner = make_customer(db)
    checking = open_account(db, owner, balance_cents=100_000, daily_limit_cents=200_000)
    savings = open_account(db, owner, kind="savings", balance_cents=5_000)
    credit = open_account(db, owner, kind="credit", credit_limit_cents=100_000)
    mum = make_payee(db, owner)
    db.commit()
    return Customer(owner, checking, savings, credit, mum)


def _request(c: Customer, **changes: object) -> StandingOrderRequest:
    fields: dict[str, object] = {
        "source_account_id": c.checking,
        "amount_cents": 5_000,
        "schedule": Schedule("monthly", 1),
        "start_date": TODAY,
        "payee_id": c.mum,
    }
    fields.update(changes)
    return StandingOrderRequest(**fields)  # type: ignore[arg-type]


def _audit_actions(db: Db, owner: int) -> list[str]:
    return list(db.exec(select(AuditEntry.action).where(AuditEntry.subject_user_id == owner)).all())


def test_create_standing_order_to_payee_sets_first_payment_and_audits(db: Db, customer: Customer) -> None:
    view = create_standing_order(db=db, owner_id=customer.owner, request=_request(customer), today=TODAY)
    db.commit()

    assert (view.target_name, view.amount_cents, view.schedule, view.next_due, view.status) == (
        "Mum",
        5_000,
        "on the 1st of every month",
        date(2027, 1, 1),
        "active",
    )
    assert [o.id for o in list_standing_orders(db=db, owner_id=customer.owner)] == [view.id]
    assert _audit_actions(db, customer.owner) == ["standing_order_created"]


def test_create_standing_order_to_own_account_on_day_31_says_short_months(db: Db, customer: Customer) -> None:
    request = _request(customer, payee_id=None, target_account_id=customer.savings, schedule=Schedule("monthly", 31))

    plan = check_standing_order(db=db, owner_id=customer.owner, request=request, today=TODAY)

    assert plan.first_due == date(2026, 12, 31)
    assert plan.target_name == "Savings"
    assert "last day in shorter months" in plan.schedule_text


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"start_date": date(2026, 12, 6)}, "start_in_past"),
        ({"amount_cents": 200_001}, "over_limit"),
        ({"amount_cents": 0}, "invalid_amount"),
        ({"payee_id": 999_999}, "unknown_payee"),
        ({"payee_id": None}, "unknown_payee"),
        ({"source_account_id": 999_999}, "unknown_account"),
        ({"reference": "x" * 19}, "invalid_reference"),
        ({"end_date": date(2026, 12, 31)}, "invalid_end"),
    ],
)
def test_create_standing_order_refuses_bad_input_and_changes_nothing(
    db: Db, customer: Customer, changes: dict[str, object], reason: str
) -> None:
    before = count_rows(db, StandingOrder)

    with pytest.raises(StandingOrderRejected) as refused:
        create_standing_order(db=db, owner_id=customer.owner, request=_request(customer, **changes), today=TODAY)

    assert refused.value.reason == reason
    assert refused.value.detail
    db.rollback()
    assert count_rows(db, StandingOrder) == before


def test_create_standing_order_refuses_credit_card_source_and_same_account(db: Db, customer: Customer) -> None:
    for changes, reason in (
        ({"source_account_id": customer.credit}, "source_not_allowed"),
        ({"payee_id": None, "target_account_id": customer.checking}, "same_account"),
    ):
        with pytest.raises(StandingOrderRejected) as refused:
            check_standing_order(db=db, owner_id=customer.owner, request=_request(customer, **changes), today=TODAY)
        assert refused.value.reason == reason


def test_check_standing_order_refuses_an_account_not_theirs_or_in_another_currency(db: Db, customer: Customer) -> None:
    stranger = open_account(db, make_customer(db), kind="savings")
    euros = open_account(db, customer.owner, kind="savings", name="Euro Savings")
    account = db.get(Account, euros)
    assert account is not None
    account.currency = "EUR"
    db.flush()

    for target, detail in ((stranger, "not one of yours"), (euros, "the same currency")):
        request = _request(customer, payee_id=None, target_account_id=target)
        with pytest.raises(StandingOrderRejected) as refused:
            check_standing_order(db=db, owner_id=customer.owner, request=request, today=TODAY)
        assert refused.value.reason == "unknown_account"
        assert detail in refused.value.detail


def test_another_customers_standing_order_is_not_found(db: Db, customer: Customer) -> None:
    view = create_standing_order(db=db, owner_id=customer.owner, request=_request(customer), today=TODAY)
    stranger = make_customer(db)
    db.commit()

    for call in (
        lambda: get_standing_order(db=db, owner_id=stranger, order_id=view.id),
        lambda: cancel_standing_order(db=db, owner_id=stranger, order_id=view.id),
        lambda: amend_standing_order(
            db=db, owner_id=stranger, order_id=view.id, changes=StandingOrderChanges(amount_cents=1), today=TODAY
        ),
    ):
        with pytest.raises(StandingOrderNotFound):
            call()
    assert list_standing_orders(db=db, owner_id=stranger) == []
    assert get_standing_order(db=db, owner_id=customer.owner, order_id=view.id).status == "active"


def test_amend_standing_order_changes_amount_and_day_and_audits(db: Db, customer: Customer) -> None:
    view = create_standing_order(db=db, owner_id=customer.owner, request=_request(customer), today=TODAY)

    amended = amend_standing_order(
        db=db,
        owner_id=customer.owner,
        order_id=view.id,
        changes=StandingOrderChanges(amount_cents=9_500, day=15),
        today=TODAY,
    )
    db.commit()

    assert (amended.amount_cents, amended.day, amended.next_due) == (9_500, 15, date(2026, 12, 15))
    assert _audit_actions(db, customer.owner) == ["standing_order_created", "standing_order_amended"]


def test_amend_standing_order_over_the_limit_changes_nothing(db: Db, customer: Customer) -> None:
    view = create_standing_order(db=db, owner_id=customer.owner, request=_request(customer), today=TODAY)
    db.commit()

    with pytest.raises(StandingOrderRejected, match="daily transfer limit"):
        amend_standing_order(
            db=db,
            owner_id=customer.owner,
            order_id=view.id,
            changes=StandingOrderChanges(amount_cents=10_000_000),
            today=TODAY,
        )
    db.rollback()
    assert get_standing_order(db=db, owner_id=customer.owner, order_id=view.id).amount_cents == 5_000


def test_cancel_standing_order_stops_it_and_cannot_then_be_amended(db: Db, customer: Customer) -> None:
    view = create_standing_order(db=db, owner_id=customer.owner, request=_request(customer), today=TODAY)

    cancelled = cancel_standing_order(db=db, owner_id=customer.owner, order_id=view.id)
    again = cancel_standing_order(db=db, owner_id=customer.owner, order_id=view.id)
    db.commit()

    assert (cancelled.status, cancelled.next_due, again.status) == ("cancelled", None, "cancelled")
    assert list_standing_orders(db=db, owner_id=customer.owner) == []
    assert len(list_standing_orders(db=db, owner_id=customer.owner, include_cancelled=True)) == 1
    assert _audit_actions(db, customer.owner) == ["standing_order_created", "standing_order_cancelled"]
    with pytest.raises(StandingOrderRejected) as refused:
        amend_standing_order(
            db=db, owner_id=customer.owner, order_id=view.id, changes=StandingOrderChanges(amount_cents=1), today=TODAY
        )
    assert refused.value.reason == "cancelled"


def test_amend_standing_order_changes_frequency_payee_and_end_date(db: Db, customer: Customer) -> None:
    view = create_standing_order(db=db, owner_id=customer.owner, request=_request(customer), today=TODAY)
    dad = make_payee(db, customer.owner, name="Dad", nickname="dad")

    amended = amend_standing_order(
        db=db,
        owner_id=customer.owner,
        order_id=view.id,
        changes=StandingOrderChanges(frequency="weekly", day=4, payee_id=dad, end_date=date(2027, 3, 31)),
        today=TODAY,
    )
    db.commit()

    assert (amended.schedule, amended.payee_id, amended.target_name) == ("every Friday", dad, "Dad")
    assert (amended.next_due, amended.end_date) == (date(2026, 12, 11), date(2027, 3, 31))


def test_amend_standing_order_open_ended_takes_the_end_date_off(db: Db, customer: Customer) -> None:
    request = _request(customer, end_date=date(2027, 6, 30))
    view = create_standing_order(db=db, owner_id=customer.owner, request=request, today=TODAY)
    changes = StandingOrderChanges(open_ended=True, end_date=date(2027, 3, 31))  # open_ended wins

    amended = amend_standing_order(db=db, owner_id=customer.owner, order_id=view.id, changes=changes, today=TODAY)
    db.commit()

    assert (view.end_date, amended.end_date, amended.amount_cents) == (date(2027, 6, 30), None, view.amount_cents)


def test_amend_standing_order_to_a_new_frequency_without_its_day_changes_nothing(db: Db, customer: Customer) -> None:
    view = create_standing_order(db=db, owner_id=customer.owner, request=_request(customer), today=TODAY)
    db.commit()

    with pytest.raises(StandingOrderRejected) as refused:
        amend_standing_order(
            db=db,
            owner_id=customer.owner,
            order_id=view.id,
            changes=StandingOrderChanges(frequency="weekly"),
            today=TODAY,
        )
    db.rollback()
    assert refused.value.reason == "invalid_schedule"
    assert get_standing_order(db=db, owner_id=customer.owner, order_id=view.id).frequency == "monthly"


@pytest.mark.parametrize(
    ("end_date", "words"),
    [(date(2026, 11, 30), "has already passed"), (date(2026, 12, 20), "is before the first payment (1 January 2027)")],
)
def test_an_end_date_in_the_past_or_before_the_first_payment_is_refused_in_words(
    db: Db, customer: Customer, end_date: date, words: str
) -> None:
    with pytest.raises(StandingOrderRejected) as refused:
        check_standing_order(db=db, owner_id=customer.owner, request=_request(customer, end_date=end_date), today=TODAY)
    assert refused.value.reason == "invalid_end"
    assert words in refused.value.detail
