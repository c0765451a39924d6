"""Four eyes: a held payment is sent once, only on a member of staff's approval, never its customer's."""

from __future__ import annotations

import pytest
from sqlmodel import Session as Db
from sqlmodel import select

from bankchat.bank import payment_reviews
from bankchat.bank.transfer_views import TransferRequest
from bankchat.errors import OwnPayment, ReviewNotFound, ReviewRefused
from bankchat.models import Account, AuditEntry, PaymentReview
from tests.bank.helpers import balances, count_transfers, make_customer, make_payee, open_account


def _held(db: Db, amount: int = 600_000, balance: int = 1_000_000) -> tuple[int, int, str]:
    """A customer with ``balance`` in checking and a payment to their payee held: (owner, checking, reference)."""
    owner = make_customer(db)
    checking = open_account(db, owner, balance_cents=balance, daily_limit_cents=10_000_000)
    payee = make_payee(db, owner)
    request = TransferRequest(source_account_id=checking, amount_cents=amount, payee_id=payee)
    view = payment_reviews.hold(db, owner_id=owner, request=request, key="k-held", session_id=None)
    assert view.status == "pending"
    assert payment_reviews.hold(db, owner_id=owner, request=request, key="k-held", session_id=None) == view  # once
    db.commit()
    return owner, checking, view.reference


def test_a_payment_to_a_payee_over_the_threshold_is_held() -> None:
    assert payment_reviews.needs_review(amount_cents=500_001, payee_id=1)
    assert not payment_reviews.needs_review(amount_cents=500_000, payee_id=1)
    assert not payment_reviews.needs_review(amount_cents=10**9, payee_id=None)  # between own accounts


def test_holding_sends_nothing_and_approving_sends_it_once(db: Db) -> None:
    owner, checking, reference = _held(db)
    assert count_transfers(db, owner) == 0
    staff = make_customer(db)

    sent = payment_reviews.approve(db, reference=reference, staff_id=staff)
    db.commit()

    assert (sent.status, sent.transfer_reference[:3]) == ("approved", "TR-")
    assert balances(db, owner)[checking] == 400_000
    with pytest.raises(ReviewRefused) as again:
        payment_reviews.approve(db, reference=reference, staff_id=staff)
    assert again.value.reason == "already_decided"
    db.rollback()
    assert count_transfers(db, owner) == 1
    actions = db.exec(select(AuditEntry.action).where(AuditEntry.subject_user_id == owner)).all()
    assert list(actions) == ["payment_held", "payment_approve"]


def test_the_customer_cannot_approve_their_own_payment(db: Db) -> None:
    owner, _checking, reference = _held(db)
    with pytest.raises(OwnPayment):
        payment_reviews.approve(db, reference=reference, staff_id=owner)
    db.rollback()
    with pytest.raises(OwnPayment):
        payment_reviews.reject(db, reference=reference, staff_id=owner, note="mine")
    db.rollback()
    assert count_transfers(db, owner) == 0


def test_rejecting_needs_a_note_and_sends_nothing(db: Db) -> None:
    owner, _checking, reference = _held(db)
    staff = make_customer(db)
    with pytest.raises(ReviewRefused):
        payment_reviews.reject(db, reference=reference, staff_id=staff, note="   ")
    rejected = payment_reviews.reject(db, reference=reference, staff_id=staff, note="Called the customer: a scam")
    db.commit()
    assert (rejected.status, rejected.note) == ("rejected", "Called the customer: a scam")
    assert count_transfers(db, owner) == 0
    with pytest.raises(ReviewNotFound):
        payment_reviews.approve(db, reference="PR-NONE-NONE", staff_id=staff)


def test_money_gone_by_the_approval_rejects_it_with_the_reason(db: Db) -> None:
    owner, checking, reference = _held(db, amount=600_000, balance=700_000)
    account = db.get(Account, checking)
    assert account is not None
    account.balance_cents = 100_000  # spent meanwhile (the ledger's own rules are tested elsewhere)
    db.add(account)
    staff = make_customer(db)
    db.commit()

    decided = payment_reviews.approve(db, reference=reference, staff_id=staff)
    db.commit()

    assert decided.status == "rejected"
    assert decided.note.startswith("Not sent: Not enough money")
    assert count_transfers(db, owner) == 0
    row = db.exec(select(PaymentReview).where(PaymentReview.reference == reference)).one()
    assert row.decided_by == staff
