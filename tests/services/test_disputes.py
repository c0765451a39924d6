"""Staff decisions on disputes: managers only (refused by the service), refund exactly once, notes, audit rows."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import col, select

from bankchat.bank import disputes as bank_disputes
from bankchat.bank import seed_bank_demo
from bankchat.db import session_scope
from bankchat.errors import DisputeRefused, NotAManager, NotDisputable
from bankchat.models import Account, AuditEntry, LedgerEntry, utcnow
from bankchat.services import UserView, disputes


@pytest.fixture
def case(user: UserView) -> bank_disputes.DisputeView:
    """``user`` with the demo bank and an open case against their latest payment out of checking."""
    with session_scope() as db:
        seed_bank_demo(db=db, user_id=user.id, username="alice", today=utcnow().date())
        line = db.exec(
            select(LedgerEntry.id)
            .join(Account, col(Account.id) == LedgerEntry.account_id)
            .where(Account.owner_id == user.id, Account.kind == "checking", LedgerEntry.amount_cents < 0)
            .order_by(col(LedgerEntry.id).desc())
        ).first()
        assert line is not None
        return bank_disputes.open_dispute(db=db, owner_id=user.id, entry_id=line, reason="not_recognised")


def _balance(account_id: int) -> int:
    with session_scope() as db:
        account = db.get(Account, account_id)
        assert account is not None
        return account.balance_cents


def _audit(owner: int) -> list[tuple[str, int]]:
    with session_scope() as db:
        rows = db.exec(select(AuditEntry).where(AuditEntry.subject_user_id == owner).order_by(col(AuditEntry.id)))
        return [(a.action, a.actor_id) for a in rows.all()]


def test_open_cases_lists_the_case_with_its_customer(
    case: bank_disputes.DisputeView, user: UserView, staff: UserView
) -> None:
    with session_scope() as db:
        listed = {c.case.reference: c for c in disputes.open_cases(db, manager=staff)}
    assert listed[case.reference].customer == user.username
    assert listed[case.reference].customer_name == "Alice Anderson"


def test_every_staff_step_refuses_a_non_manager(
    case: bank_disputes.DisputeView, user: UserView, other_user: UserView
) -> None:
    before = _balance(case.account_id)
    with session_scope() as db:
        with pytest.raises(NotAManager):
            disputes.open_cases(db, manager=other_user)
        with pytest.raises(NotAManager):
            disputes.refund(db, manager=user, reference=case.reference)
        with pytest.raises(NotAManager):
            disputes.reject(db, manager=other_user, reference=case.reference, note="no")
    assert _balance(case.account_id) == before
    with session_scope() as db:
        assert bank_disputes.get_dispute(db=db, owner_id=user.id, reference=case.reference).status == "open"
    assert _audit(user.id) == [("dispute_open", user.id)]


def test_refund_twice_at_once_credits_exactly_once_and_audits_once(
    case: bank_disputes.DisputeView, user: UserView, staff: UserView
) -> None:
    before = _balance(case.account_id)

    def click() -> str:
        try:
            with session_scope() as db:
                return disputes.refund(db, manager=staff, reference=case.reference, note="refunded").case.status
        except DisputeRefused as exc:
            return exc.code

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = sorted(pool.map(lambda _: click(), range(2)))
    assert results == ["already_decided", "refunded"]
    assert _balance(case.account_id) == before + case.amount_cents
    assert _audit(user.id) == [("dispute_open", user.id), ("dispute_refund", staff.id)]


def test_reject_needs_a_note_and_is_audited(case: bank_disputes.DisputeView, user: UserView, staff: UserView) -> None:
    with session_scope() as db, pytest.raises(NotDisputable, match="note"):
        disputes.reject(db, manager=staff, reference=case.reference, note=" ")
    assert _audit(user.id) == [("dispute_open", user.id)]
    with session_scope() as db:
        done = disputes.reject(db, manager=staff, reference=case.reference, note="The receipt matches")
    assert (done.case.status, done.case.staff_note) == ("rejected", "The receipt matches")
    assert _audit(user.id) == [("dispute_open", user.id), ("dispute_reject", staff.id)]
    with session_scope() as db, pytest.raises(DisputeRefused):
        disputes.refund(db, manager=staff, reference=case.reference)
