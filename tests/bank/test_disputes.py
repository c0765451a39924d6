"""Disputes in the bank: only one's own payments out, one case per line, one decision per case, refunds posted."""

from __future__ import annotations

import re

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.bank import disputes
from bankchat.errors import DisputeNotFound, DisputeRefused, NotDisputable, TransactionNotFound
from bankchat.models import Account, AuditEntry, Dispute, LedgerEntry, utcnow
from tests.bank.helpers import assert_ledger_explains_balances, balances, make_customer, open_account


def _payment(db: Db, account_id: int, cents: int, merchant: str = "Amazon") -> int:
    """A flushed payment out of ``account_id`` (the ledger's running balance kept right)."""
    last = db.exec(
        select(LedgerEntry.balance_after_cents)
        .where(LedgerEntry.account_id == account_id)
        .order_by(col(LedgerEntry.id).desc())
    ).first()
    balance = (last or 0) - cents
    now = utcnow()
    entry = LedgerEntry(
        account_id=account_id,
        booked_at=now,
        value_date=now.date(),
        merchant=merchant,
        category="shopping",
        amount_cents=-cents,
        balance_after_cents=balance,
    )
    db.add(entry)
    account = db.get(Account, account_id)
    assert account is not None
    account.balance_cents = balance
    db.add(account)
    db.flush()
    assert entry.id is not None
    return entry.id


@pytest.fixture
def customer(db: Db) -> tuple[int, int, int]:
    """A committed customer with £100 in checking and a £45.99 Amazon payment: (owner, account, line)."""
    owner = make_customer(db)
    account = open_account(db, owner, balance_cents=10_000)
    line = _payment(db, account, 4599)
    db.commit()
    return owner, account, line


def test_open_dispute_of_own_payment_opens_case_with_reference_and_audit(
    db: Db, customer: tuple[int, int, int]
) -> None:
    owner, _, line = customer
    case = disputes.open_dispute(db=db, owner_id=owner, entry_id=line, reason="not_recognised", words=" not me ")
    db.commit()
    assert (case.status, case.amount_cents, case.merchant, case.customer_words) == ("open", 4599, "Amazon", "not me")
    assert re.fullmatch(r"DS-[2-9A-Z]{4}-[2-9A-Z]{4}", case.reference)
    audit = db.exec(select(AuditEntry).where(AuditEntry.actor_id == owner)).all()
    assert [(a.action, a.subject_user_id) for a in audit] == [("dispute_open", owner)]
    assert case.reference in audit[0].detail
    assert disputes.list_disputes(db=db, owner_id=owner) == [case]


def test_open_dispute_twice_refused_and_only_one_case(db: Db, customer: tuple[int, int, int]) -> None:
    owner, _, line = customer
    disputes.open_dispute(db=db, owner_id=owner, entry_id=line, reason="charged_twice")
    db.commit()
    with pytest.raises(DisputeRefused) as refused:
        disputes.open_dispute(db=db, owner_id=owner, entry_id=line, reason="other")
    assert refused.value.code == "already_disputed"
    db.rollback()
    assert len(db.exec(select(Dispute).where(Dispute.owner_id == owner)).all()) == 1


def test_open_dispute_of_other_customers_payment_is_not_found(db: Db, customer: tuple[int, int, int]) -> None:
    _, _, line = customer
    stranger = make_customer(db)
    with pytest.raises(TransactionNotFound):
        disputes.open_dispute(db=db, owner_id=stranger, entry_id=line, reason="other")
    db.rollback()
    assert db.exec(select(Dispute).where(Dispute.entry_id == line)).first() is None


def test_open_dispute_of_money_in_or_with_unknown_reason_refused(db: Db, customer: tuple[int, int, int]) -> None:
    owner, account, line = customer
    opening = db.exec(select(LedgerEntry.id).where(LedgerEntry.account_id == account, LedgerEntry.amount_cents > 0))
    with pytest.raises(NotDisputable, match="payment out"):
        disputes.open_dispute(db=db, owner_id=owner, entry_id=opening.one(), reason="other")
    with pytest.raises(NotDisputable, match="not_recognised"):
        disputes.open_dispute(db=db, owner_id=owner, entry_id=line, reason="bored")
    db.rollback()
    assert disputes.list_disputes(db=db, owner_id=owner) == []


def test_get_dispute_of_other_customer_is_not_found(db: Db, customer: tuple[int, int, int]) -> None:
    owner, _, line = customer
    case = disputes.open_dispute(db=db, owner_id=owner, entry_id=line, reason="other")
    db.commit()
    assert disputes.get_dispute(db=db, owner_id=owner, reference=case.reference.lower()) == case
    with pytest.raises(DisputeNotFound):
        disputes.get_dispute(db=db, owner_id=make_customer(db), reference=case.reference)


def test_refund_credits_account_once_with_a_refund_line(db: Db, engine: Engine, customer: tuple[int, int, int]) -> None:
    owner, account, line = customer
    staff = make_customer(db)
    case = disputes.open_dispute(db=db, owner_id=owner, entry_id=line, reason="not_recognised")
    db.commit()
    before = balances(db, owner)[account]
    done = disputes.refund(db=db, reference=case.reference, staff_id=staff, note="merchant agreed")
    db.commit()
    assert (done.status, done.staff_note) == ("refunded", "merchant agreed")
    assert done.decided_at is not None
    with Db(engine) as second:  # the second click, in a request of its own
        with pytest.raises(DisputeRefused) as refused:
            disputes.refund(db=second, reference=case.reference, staff_id=staff)
        assert refused.value.code == "already_decided"
    assert balances(db, owner)[account] == before + 4599
    refunds = db.exec(select(LedgerEntry).where(LedgerEntry.account_id == account, LedgerEntry.category == "refund"))
    assert [(r.amount_cents, r.merchant) for r in refunds.all()] == [(4599, "Amazon")]
    row = db.exec(select(Dispute).where(Dispute.reference == case.reference)).one()
    assert row.refund_entry_id is not None
    assert row.decided_by == staff
    assert_ledger_explains_balances(db, owner)


def test_reject_needs_a_note_then_blocks_a_refund(db: Db, customer: tuple[int, int, int]) -> None:
    owner, account, line = customer
    staff = make_customer(db)
    case = disputes.open_dispute(db=db, owner_id=owner, entry_id=line, reason="wrong_amount")
    db.commit()
    with pytest.raises(NotDisputable, match="note"):
        disputes.reject(db=db, reference=case.reference, staff_id=staff, note="   ")
    db.rollback()
    assert disputes.get_dispute(db=db, owner_id=owner, reference=case.reference).status == "open"
    before = balances(db, owner)[account]
    rejected = disputes.reject(db=db, reference=case.reference, staff_id=staff, note="Receipt shows £45.99")
    db.commit()
    assert (rejected.status, rejected.staff_note) == ("rejected", "Receipt shows £45.99")
    with pytest.raises(DisputeRefused, match="already rejected"):
        disputes.refund(db=db, reference=case.reference, staff_id=staff)
    assert balances(db, owner)[account] == before


def test_refund_of_unknown_case_is_not_found(db: Db) -> None:
    with pytest.raises(DisputeNotFound):
        disputes.refund(db=db, reference="DS-ZZZZ-ZZZZ", staff_id=1)


def test_open_cases_lists_only_open_ones_oldest_first(db: Db, customer: tuple[int, int, int]) -> None:
    owner, account, line = customer
    second = _payment(db, account, 1200, "Uber")
    first_case = disputes.open_dispute(db=db, owner_id=owner, entry_id=line, reason="other")
    second_case = disputes.open_dispute(db=db, owner_id=owner, entry_id=second, reason="other")
    db.commit()
    listed = [c.reference for c in disputes.open_cases(db=db)]
    assert listed.index(first_case.reference) < listed.index(second_case.reference)
    disputes.reject(db=db, reference=first_case.reference, staff_id=owner, note="no")
    db.commit()
    assert first_case.reference not in [c.reference for c in disputes.open_cases(db=db)]


def test_database_refuses_a_second_case_for_one_line_and_a_rejection_without_note(
    db: Db, customer: tuple[int, int, int]
) -> None:
    owner, _, line = customer
    db.add(Dispute(owner_id=owner, entry_id=line, amount_cents=4599, reason="other"))
    db.flush()
    db.add(Dispute(owner_id=owner, entry_id=line, amount_cents=4599, reason="other"))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()
    db.add(Dispute(owner_id=owner, entry_id=line, amount_cents=4599, reason="other", status="rejected"))
    with pytest.raises(IntegrityError, match="ck_dispute_rejection_note"):
        db.flush()
    db.rollback()
