"""Four eyes, the staff side: managers only; a decision tells the customer in the conversation they asked in."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bankchat.bank import list_accounts, list_payees, payment_reviews, seed_bank_demo
from bankchat.bank.transfer_views import TransferRequest
from bankchat.db import session_scope
from bankchat.errors import NotAManager, OwnPayment, ReviewNotFound
from bankchat.models import ChatSession, Message, utcnow
from bankchat.services import SessionManager, UserView
from bankchat.services import payment_reviews as staff_reviews


def _held(customer: UserView) -> tuple[str, str]:
    """A demo bank for ``customer``, a conversation, and £6,000.00 to a payee held from it: (session, reference)."""
    with session_scope() as db:
        seed_bank_demo(db=db, user_id=customer.id, username="alice", today=utcnow().date())
        session = SessionManager().create_session(db=db, user_id=customer.id)
        db.add(ChatSession(session_id=session.id, user_id=customer.id))
        savings = next(a for a in list_accounts(db=db, owner_id=customer.id) if a.kind == "savings")
        payee = list_payees(db=db, owner_id=customer.id)[0]
        request = TransferRequest(source_account_id=savings.id, amount_cents=600_000, payee_id=payee.id)
        view = payment_reviews.hold(db, owner_id=customer.id, request=request, key="chat-1", session_id=session.id)
    return session.id, view.reference


def _staff_messages(session_id: str) -> list[str]:
    with session_scope() as db:
        rows = db.exec(select(Message).where(Message.session_id == session_id, Message.role == "staff")).all()
        return [m.content for m in rows]


def test_an_approval_sends_it_and_tells_the_customer(user: UserView, staff: UserView) -> None:
    session_id, reference = _held(user)
    with session_scope() as db:
        assert [v.reference for v in staff_reviews.held_payments(db, manager=staff)].count(reference) == 1
        sent = staff_reviews.approve(db, manager=staff, reference=reference)
    assert sent.status == "approved"
    [told] = _staff_messages(session_id)
    assert f"({reference}) has been checked by a colleague and **sent**" in told
    assert sent.transfer_reference in told


def test_a_rejection_tells_the_customer_why(user: UserView, staff: UserView) -> None:
    session_id, reference = _held(user)
    with session_scope() as db:
        staff_reviews.reject(db, manager=staff, reference=reference, note="We couldn't reach you to check it")
    [told] = _staff_messages(session_id)
    assert "was **not sent**: We couldn't reach you to check it" in told


def test_only_a_manager_decides_and_never_on_their_own_payment(
    user: UserView, other_user: UserView, staff: UserView
) -> None:
    _session, reference = _held(user)
    with session_scope() as db, pytest.raises(NotAManager):
        staff_reviews.approve(db, manager=other_user, reference=reference)
    with session_scope() as db, pytest.raises(NotAManager):
        staff_reviews.held_payments(db, manager=user)
    _own_session, own = _held(staff)  # the manager's own payment, held like anyone's
    with session_scope() as db, pytest.raises(OwnPayment):
        staff_reviews.approve(db, manager=staff, reference=own)


def test_a_customer_sees_only_their_own_held_payments(user: UserView, other_user: UserView, staff: UserView) -> None:
    _session, reference = _held(user)
    with session_scope() as db:
        staff_reviews.reject(db, manager=staff, reference=reference, note="Not checked in time")
        mine = staff_reviews.own_held_payments(db, customer=user)
        one = staff_reviews.own_held_payment(db, customer=user, reference=reference)
        theirs = staff_reviews.own_held_payments(db, customer=other_user)
        with pytest.raises(ReviewNotFound):
            staff_reviews.own_held_payment(db, customer=other_user, reference=reference)
    assert [v.reference for v in mine] == [reference]
    assert (one.status, one.note) == ("rejected", "Not checked in time")
    assert reference not in [v.reference for v in theirs]
