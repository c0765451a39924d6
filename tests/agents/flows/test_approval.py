"""Payments that need strong customer authentication: approved in chat by a code or a passkey, bound to the
payment read back, sent once; without a way to approve, refused before the read-back.

Each conversation runs the real understanding stage and engine (``Conversation``) on alice's demo bank.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bankchat.agents.flows.approval_text import APPROVED_WITH_PASSKEY
from bankchat.agents.types import Customer, PendingStep
from bankchat.bank import approvals, authenticators, passkey_registration
from bankchat.db import session_scope
from bankchat.models import Approval, Payee, utcnow
from tests.agents.customers import transfers_of
from tests.agents.dialogue_driver import Conversation
from tests.support.authenticator_app import set_up_app
from tests.support.soft_passkey import SoftPasskey


def _enrol_app(customer: Customer) -> str:
    with session_scope() as db:
        return set_up_app(db, customer.user_id)


def _to_approval(chat: Conversation, text: str = "send 1500 to bob") -> PendingStep:
    """``text`` read back, the scam warning passed, and the step waiting for approval."""
    assert "Please confirm" in chat.say(text).content
    assert "first payment" in chat.say("yes").content
    asked = chat.say("yes, I'm sure")
    assert "needs your approval" in asked.content, asked.content
    assert chat.pending is not None
    assert chat.pending.stage == "approve"
    return chat.pending


def test_the_app_code_approves_and_the_payment_is_sent_once(alice: Customer) -> None:
    secret = _enrol_app(alice)
    chat = Conversation(alice)
    _to_approval(chat)
    before = transfers_of(alice)
    assert "Still waiting for your approval" in chat.say("yes").content  # a yes is no approval
    assert transfers_of(alice) == before
    done = chat.say(authenticators.current_code(secret))
    assert "Done! I've sent **£1,500.00**" in done.content
    assert transfers_of(alice) == before + 1
    assert chat.pending is None


def test_a_wrong_code_sends_nothing_and_five_lock_the_payment(alice: Customer) -> None:
    secret = _enrol_app(alice)
    chat = Conversation(alice)
    _to_approval(chat)
    before = transfers_of(alice)
    first = chat.say("000000")
    assert "didn't match" in first.content
    assert "4 tries left" in first.content
    for _ in range(4):
        last = chat.say("code is 000 000")
    assert "locked" in last.content
    assert chat.pending is None
    assert "approval" not in chat.say(authenticators.current_code(secret)).content.lower()
    assert transfers_of(alice) == before


def test_no_cancels_the_approval_itself(alice: Customer) -> None:
    _enrol_app(alice)
    chat = Conversation(alice)
    waiting = _to_approval(chat)
    assert "cancelled" in chat.say("no").content
    with session_scope() as db:
        row = db.exec(select(Approval).where(Approval.public_id == waiting.approval)).one()
    assert row.status == "cancelled"


def test_a_new_amount_at_the_approval_is_read_back_and_approved_afresh(alice: Customer) -> None:
    """The approval was for £1,500: after "make it 1200" it approves nothing; the new amount gets its own."""
    secret = _enrol_app(alice)
    chat = Conversation(alice)
    old = _to_approval(chat)
    assert "£1,200.00" in chat.say("actually make it 1200").content
    assert chat.pending is not None
    assert chat.pending.stage == "confirm"
    chat.say("yes")
    chat.say("yes im sure")
    assert chat.pending is not None
    assert chat.pending.approval not in ("", old.approval)
    assert "£1,200.00" in chat.say(authenticators.current_code(secret)).content


def test_an_approval_of_another_payment_does_not_send_this_one(alice: Customer) -> None:
    """Tampering: the waiting step's amount changed under an approved approval (e.g. a forged step) fails the
    digest check, and nothing is sent."""
    secret = _enrol_app(alice)
    chat = Conversation(alice)
    waiting = _to_approval(chat)
    with session_scope() as db:
        assert approvals.verify_code(
            db, owner_id=alice.user_id, public_id=waiting.approval, code=authenticators.current_code(secret)
        ).ok
    forged = dict(waiting.slots, amount={"money": 1_600_00})
    chat.pending = PendingStep(**{**waiting.__dict__, "slots": forged})
    before = transfers_of(alice)
    reply = chat.say(APPROVED_WITH_PASSKEY)
    assert "Done" not in reply.content
    assert transfers_of(alice) == before


def test_a_passkey_signature_approves_it(alice: Customer) -> None:
    key = SoftPasskey()
    with session_scope() as db:
        public_id, options = passkey_registration.registration_options(
            db, owner_id=alice.user_id, user_name="alice", display_name="Alice", rp_id=key.rp_id
        )
        credential = key.register(options)
        passkey_registration.register(
            db,
            owner_id=alice.user_id,
            public_id=public_id,
            credential=credential,
            rp_id=key.rp_id,
            origins=[key.origin],
        )
    chat = Conversation(alice)
    waiting = _to_approval(chat)
    assert "Approve with passkey" in chat.history[-1].content
    assert "not received" not in (early := chat.say(APPROVED_WITH_PASSKEY).content)  # not signed yet
    assert "haven't received" in early
    with session_scope() as db:
        request = approvals.passkey_options(db, owner_id=alice.user_id, public_id=waiting.approval, rp_id=key.rp_id)
        assert request is not None
        assert approvals.verify_passkey(
            db,
            owner_id=alice.user_id,
            public_id=waiting.approval,
            credential=key.sign(request),
            rp_id=key.rp_id,
            origins=[key.origin],
        ).ok
    assert "Done! I've sent **£1,500.00**" in chat.say(APPROVED_WITH_PASSKEY).content


def test_without_a_way_to_approve_it_is_refused_before_the_read_back(alice: Customer) -> None:
    chat = Conversation(alice)
    reply = chat.say("send 1500 to bob")
    assert "haven't set one up" in reply.content
    assert "/settings" in reply.content
    assert chat.pending is None


def test_a_payee_added_today_needs_approval_for_any_amount(alice: Customer) -> None:
    with session_scope() as db:
        payee = db.exec(select(Payee).where(Payee.owner_id == alice.user_id, Payee.nickname == "")).first()
        payee = payee or db.exec(select(Payee).where(Payee.owner_id == alice.user_id)).first()
        assert payee is not None
        payee.created_at = utcnow() - timedelta(hours=2)
        db.add(payee)
        name = payee.name.split()[0]
    reply = Conversation(alice).say(f"send 5 to {name}")
    assert "haven't set one up" in reply.content


def test_between_own_accounts_no_approval_is_asked(alice: Customer) -> None:
    chat = Conversation(alice)
    assert "Please confirm" in chat.say("move 1500 from savings to checking").content
    assert "Done!" in chat.say("yes").content
