"""DisputeConsoleState over the real services: a manager lists, rejects (note required) and refunds once; others go."""

from __future__ import annotations

import pytest
from reflex.state import State
from sqlmodel import col, select

from bankchat.bank import disputes as bank_disputes
from bankchat.bank import seed_bank_demo
from bankchat.db import session_scope
from bankchat.migrate import upgrade_database
from bankchat.models import Account, LedgerEntry, utcnow
from bankchat.services import UserView
from bankchat.state.dispute_console_state import DisputeConsoleState
from tests.factories import make_user_view
from tests.state.helpers import ALICE, SignIn, substate
from tests.state.test_console_state import redirects_to_chat
from tests.support.run_async import run_async


@pytest.fixture
def console(tab: State) -> DisputeConsoleState:
    return substate(tab, DisputeConsoleState)


@pytest.fixture
def case() -> tuple[UserView, bank_disputes.DisputeView]:
    """A manager, and an open case of a fresh customer against their latest payment out."""
    upgrade_database()
    with session_scope() as db:
        customer = make_user_view(db)
        seed_bank_demo(db=db, user_id=customer.id, username="alice", today=utcnow().date())
        line = db.exec(
            select(LedgerEntry.id)
            .join(Account, col(Account.id) == LedgerEntry.account_id)
            .where(Account.owner_id == customer.id, LedgerEntry.amount_cents < 0)
            .order_by(col(LedgerEntry.id).desc())
        ).first()
        assert line is not None
        opened = bank_disputes.open_dispute(db=db, owner_id=customer.id, entry_id=line, reason="other", words="hm")
        manager = make_user_view(db, role="manager")
    return manager, opened


def _status(reference: str) -> str:
    with session_scope() as db:
        return bank_disputes.case_by_reference(db=db, reference=reference).status


def test_manager_rejects_only_with_a_note_then_the_case_leaves_the_list(
    console: DisputeConsoleState, sign_in: SignIn, case: tuple[UserView, bank_disputes.DisputeView]
) -> None:
    manager, opened = case
    sign_in(manager)
    run_async(console.refresh())
    ref = next(r.ref for r in console.cases if r.reference == opened.reference)
    run_async(console.reject(ref))
    assert _status(opened.reference) == "open"
    console.set_note("The receipt matches")
    run_async(console.reject(ref))
    assert _status(opened.reference) == "rejected"
    assert opened.reference not in [r.reference for r in console.cases]
    assert console.note == ""


def test_manager_refunds_once(
    console: DisputeConsoleState, sign_in: SignIn, case: tuple[UserView, bank_disputes.DisputeView]
) -> None:
    manager, opened = case
    sign_in(manager)
    run_async(console.refresh())
    ref = next(r.ref for r in console.cases if r.reference == opened.reference)
    stale = list(console._refs)
    run_async(console.refund(ref))
    assert _status(opened.reference) == "refunded"
    console._refs = stale  # a second click from a screen not yet refreshed
    run_async(console.refund(ref))
    with session_scope() as db:
        refunds = db.exec(
            select(LedgerEntry.id).where(
                LedgerEntry.account_id == opened.account_id,
                col(LedgerEntry.description).startswith("Refund of a disputed payment"),
            )
        )
        assert len(refunds.all()) == 1


def test_a_customer_is_sent_to_their_chat_and_changes_nothing(
    console: DisputeConsoleState, sign_in: SignIn, case: tuple[UserView, bank_disputes.DisputeView]
) -> None:
    _, opened = case
    sign_in(ALICE)
    console._refs = [opened.reference]
    assert redirects_to_chat(run_async(console.refund(0)))
    assert redirects_to_chat(run_async(console.refresh()))
    assert _status(opened.reference) == "open"
