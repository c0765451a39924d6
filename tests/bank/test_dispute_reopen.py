"""Reopening a rejected dispute: the owner's only, a rejected case only, once, with new information, audited."""

from __future__ import annotations

import pytest
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.bank import disputes
from bankchat.errors import DisputeNotFound, DisputeRefused, NotDisputable
from bankchat.models import AuditEntry
from tests.bank.helpers import make_customer, open_account
from tests.bank.test_disputes import _payment

NEW = "The courier has now confirmed the parcel was never delivered"


def _reopenings(db: Db, owner: int) -> list[int]:
    query = select(AuditEntry.id).where(AuditEntry.action == "dispute_reopen", AuditEntry.subject_user_id == owner)
    return list(db.exec(query).all())


@pytest.fixture
def rejected(db: Db) -> tuple[int, int, str]:
    """A customer's rejected case: (owner, staff, reference)."""
    owner, staff = make_customer(db), make_customer(db)
    line = _payment(db, open_account(db, owner, balance_cents=10_000), 4599)
    case = disputes.open_dispute(db=db, owner_id=owner, entry_id=line, reason="not_received")
    disputes.reject(db=db, reference=case.reference, staff_id=staff, note="The shop says it was delivered")
    db.commit()
    return owner, staff, case.reference


def test_reopen_rejected_case_puts_it_back_among_the_open_ones_with_the_note(
    db: Db, rejected: tuple[int, int, str]
) -> None:
    owner, _, reference = rejected

    case = disputes.reopen(db=db, owner_id=owner, reference=reference.lower(), note=f"  {NEW}  ")
    db.commit()

    assert (case.status, case.appeal_note, case.decided_at) == ("open", NEW, None)
    assert case.reopened_at is not None
    assert reference in [c.reference for c in disputes.open_cases(db=db)]
    audit = db.exec(select(AuditEntry).where(col(AuditEntry.id).in_(_reopenings(db, owner)))).one()
    assert (audit.actor_id, audit.subject_user_id) == (owner, owner)
    assert audit.detail == f"{reference} reopened by the customer: {NEW}"


def test_reopen_a_second_time_is_refused_with_the_complaints_route(db: Db, rejected: tuple[int, int, str]) -> None:
    owner, staff, reference = rejected
    disputes.reopen(db=db, owner_id=owner, reference=reference, note=NEW)
    disputes.reject(db=db, reference=reference, staff_id=staff, note="Still delivered, signed for")
    db.commit()

    with pytest.raises(DisputeRefused, match=r"already been looked at again once.*make a complaint") as refused:
        disputes.reopen(db=db, owner_id=owner, reference=reference, note="Please look again")

    assert refused.value.code == "already_reopened"
    case = disputes.get_dispute(db=db, owner_id=owner, reference=reference)
    assert (case.status, case.appeal_note, case.staff_note) == ("rejected", NEW, "Still delivered, signed for")
    assert len(_reopenings(db, owner)) == 1


def test_reopen_of_an_open_or_refunded_case_is_refused(db: Db, rejected: tuple[int, int, str]) -> None:
    owner, staff, _ = rejected
    account = open_account(db, owner, name="Bills", balance_cents=5_000)
    open_case = disputes.open_dispute(db=db, owner_id=owner, entry_id=_payment(db, account, 900), reason="other")
    refunded = disputes.open_dispute(db=db, owner_id=owner, entry_id=_payment(db, account, 700), reason="other")
    db.commit()
    disputes.refund(db=db, reference=refunded.reference, staff_id=staff)
    db.commit()

    for case, status in ((open_case, "open"), (refunded, "refunded")):
        with pytest.raises(DisputeRefused, match=f"is {status}: only a rejected case") as refused:
            disputes.reopen(db=db, owner_id=owner, reference=case.reference, note=NEW)
        assert refused.value.code == "not_rejected"
    assert _reopenings(db, owner) == []


def test_reopen_of_another_customers_case_or_without_a_note_changes_nothing(
    db: Db, rejected: tuple[int, int, str]
) -> None:
    owner, staff, reference = rejected

    with pytest.raises(DisputeNotFound):
        disputes.reopen(db=db, owner_id=staff, reference=reference, note=NEW)
    with pytest.raises(NotDisputable, match="new information"):
        disputes.reopen(db=db, owner_id=owner, reference=reference, note="   ")

    assert disputes.get_dispute(db=db, owner_id=owner, reference=reference).status == "rejected"
