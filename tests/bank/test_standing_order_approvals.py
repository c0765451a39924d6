"""What a customer approves before a standing order is set up or changed: one rule for both, an amendment's
approval bound to that order as amended (another amount, payee or order is refused), used once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlmodel import Session as Db

from bankchat.bank import approvals, authenticators
from bankchat.bank.schedules import Schedule
from bankchat.bank.standing_order_approvals import amendment_approval_for, approval_for
from bankchat.bank.standing_orders import (
    StandingOrderChanges,
    StandingOrderRequest,
    create_standing_order,
    get_standing_order,
)
from bankchat.errors import StandingOrderNotFound, StandingOrderRejected
from bankchat.models import Payee, utcnow
from tests.bank.helpers import make_customer, make_payee, open_account
from tests.support.authenticator_app import set_up_app

TODAY = date(2026, 12, 7)
OVER_THRESHOLD = 500_000  # £5,000 a month: over the £1,000 approval threshold


@dataclass
class Customer:
    owner: int
    checking: int
    savings: int
    mum: int
    """A payee saved long ago."""
    dad: int
    """Another payee saved long ago."""


def _old_payee(db: Db, owner: int, name: str) -> int:
    payee_id = make_payee(db, owner, name=name, nickname=name.lower())
    payee = db.get(Payee, payee_id)
    assert payee is not None
    payee.created_at = utcnow() - timedelta(days=30)
    db.add(payee)
    return payee_id


@pytest.fixture
def customer(db: Db) -> Customer:
    owner = make_customer(db)
    checking = open_account(db, owner, balance_cents=100_000, daily_limit_cents=1_000_000)
    savings = open_account(db, owner, kind="savings", balance_cents=5_000)
    mum, dad = _old_payee(db, owner, "Mum"), _old_payee(db, owner, "Dad")
    db.commit()
    return Customer(owner, checking, savings, mum, dad)


def _request(c: Customer, amount_cents: int) -> StandingOrderRequest:
    """A monthly order to Mum from checking, from today."""
    return StandingOrderRequest(
        source_account_id=c.checking,
        amount_cents=amount_cents,
        schedule=Schedule("monthly", 1),
        start_date=TODAY,
        payee_id=c.mum,
    )


def _order(db: Db, c: Customer, amount_cents: int = 5_000) -> int:
    return create_standing_order(db=db, owner_id=c.owner, request=_request(c, amount_cents), today=TODAY).id


def _approved(db: Db, owner: int, operation: approvals.Operation) -> str:
    """An approval of ``operation`` given with the customer's authenticator app; its public ID."""
    secret = set_up_app(db, owner)
    opened = approvals.open_approval(db, owner_id=owner, operation=operation)
    code = authenticators.current_code(secret)
    assert approvals.verify_code(db, owner_id=owner, public_id=opened.public_id, code=code).ok
    return opened.public_id


def test_amending_a_small_order_over_the_threshold_needs_approval(db: Db, customer: Customer) -> None:
    order = _order(db, customer)
    small = StandingOrderChanges(amount_cents=6_000)
    large = StandingOrderChanges(amount_cents=OVER_THRESHOLD)

    assert amendment_approval_for(db=db, owner_id=customer.owner, order_id=order, changes=small, today=TODAY) is None
    operation = amendment_approval_for(db=db, owner_id=customer.owner, order_id=order, changes=large, today=TODAY)

    assert operation is not None
    assert operation.kind == "standing_order_change"
    assert dict(operation.fields)["standing_order_id"] == order
    assert dict(operation.fields)["amount_cents"] == OVER_THRESHOLD
    assert "£5,000.00 to Mum" in operation.summary


def test_an_amendment_is_judged_as_the_order_it_makes(db: Db, customer: Customer) -> None:
    order = _order(db, customer, amount_cents=OVER_THRESHOLD)
    day_only = StandingOrderChanges(day=15)
    weekly = StandingOrderChanges(frequency="weekly", day=4)

    for changes in (day_only, weekly):
        assert (
            amendment_approval_for(db=db, owner_id=customer.owner, order_id=order, changes=changes, today=TODAY)
            is not None
        )
    smaller = StandingOrderChanges(amount_cents=50_000)
    assert amendment_approval_for(db=db, owner_id=customer.owner, order_id=order, changes=smaller, today=TODAY) is None


def test_moving_an_order_to_a_payee_added_today_needs_approval(db: Db, customer: Customer) -> None:
    order = _order(db, customer)
    new = make_payee(db, customer.owner, name="Stranger", nickname="stranger")

    operation = amendment_approval_for(
        db=db, owner_id=customer.owner, order_id=order, changes=StandingOrderChanges(payee_id=new), today=TODAY
    )

    assert operation is not None
    assert dict(operation.fields)["payee_id"] == new


def test_an_amendment_approval_is_refused_for_another_amount_payee_or_order_and_used_once(
    db: Db, customer: Customer
) -> None:
    order, other_order = _order(db, customer), _order(db, customer)
    approved_changes = StandingOrderChanges(amount_cents=OVER_THRESHOLD)

    def operation(order_id: int, changes: StandingOrderChanges) -> approvals.Operation:
        made = amendment_approval_for(db=db, owner_id=customer.owner, order_id=order_id, changes=changes, today=TODAY)
        assert made is not None
        return made

    approval = _approved(db, customer.owner, operation(order, approved_changes))

    for refused in (
        operation(order, StandingOrderChanges(amount_cents=OVER_THRESHOLD + 1)),
        operation(order, StandingOrderChanges(amount_cents=OVER_THRESHOLD, payee_id=customer.dad)),
        operation(other_order, approved_changes),
    ):
        assert not approvals.consume(db, owner_id=customer.owner, public_id=approval, operation=refused)
    assert approvals.consume(
        db, owner_id=customer.owner, public_id=approval, operation=operation(order, approved_changes)
    )
    assert not approvals.consume(
        db, owner_id=customer.owner, public_id=approval, operation=operation(order, approved_changes)
    )


def test_a_set_up_approval_does_not_approve_an_amendment_to_the_same_terms(db: Db, customer: Customer) -> None:
    order = _order(db, customer)
    set_up = approval_for(db=db, owner_id=customer.owner, request=_request(customer, OVER_THRESHOLD), today=TODAY)
    assert set_up is not None
    approval = _approved(db, customer.owner, set_up)

    amendment = amendment_approval_for(
        db=db,
        owner_id=customer.owner,
        order_id=order,
        changes=StandingOrderChanges(amount_cents=OVER_THRESHOLD),
        today=TODAY,
    )

    assert amendment is not None
    assert not approvals.consume(db, owner_id=customer.owner, public_id=approval, operation=amendment)


def test_an_amendment_the_bank_refuses_is_refused_before_any_approval(db: Db, customer: Customer) -> None:
    order = _order(db, customer)

    with pytest.raises(StandingOrderRejected) as refused:
        amendment_approval_for(
            db=db,
            owner_id=customer.owner,
            order_id=order,
            changes=StandingOrderChanges(amount_cents=OVER_THRESHOLD, end_date=TODAY - timedelta(days=1)),
            today=TODAY,
        )
    assert "already passed" in refused.value.detail
    with pytest.raises(StandingOrderNotFound):
        amendment_approval_for(
            db=db, owner_id=customer.owner + 1, order_id=order, changes=StandingOrderChanges(), today=TODAY
        )
    assert get_standing_order(db=db, owner_id=customer.owner, order_id=order).amount_cents == 5_000
