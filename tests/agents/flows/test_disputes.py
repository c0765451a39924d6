"""The dispute flows: finding the payment, the pick, the reason, the read-back, the case, the freeze offer, status."""

from __future__ import annotations

import pytest

from bankchat.agents.flows.values import TransactionRef, to_json
from bankchat.agents.types import Customer, HistoryItem, PendingStep, Reply, Subject
from bankchat.bank import disputes as bank_disputes
from bankchat.bank import ledger
from bankchat.bank.money import format_cents
from bankchat.db import session_scope
from bankchat.errors import DisputeRefused
from tests.agents.customers import card_of
from tests.agents.dialogue_driver import Conversation
from tests.agents.flows.steps import pinned, respond


def _payments(customer: Customer, merchant: str | None = None, limit: int = 5) -> list[ledger.TransactionView]:
    with session_scope() as db:
        page = ledger.search_transactions(
            db=db, owner_id=customer.user_id, merchant=merchant, direction="out", spending_only=True, limit=limit
        )
        return page.items


def _cases(customer: Customer) -> list[bank_disputes.DisputeView]:
    with session_scope() as db:
        return bank_disputes.list_disputes(db=db, owner_id=customer.user_id)


def test_unclear_payment_offers_a_numbered_list_and_the_pick_asks_why(alice: Customer) -> None:
    talk = Conversation(alice)
    listed = talk.say("i dont recognise this payment")
    latest = _payments(alice)
    for n, line in enumerate(latest, 1):
        assert f"{n}. " in listed.content
        assert format_cents(-line.amount_cents) in listed.content
    assert listed.pending is not None
    assert (listed.pending.flow, listed.pending.asking) == ("dispute_payment", "transaction")
    asked = talk.say("the third one")
    assert f"{format_cents(-latest[2].amount_cents)} to {latest[2].merchant}" in asked.content
    assert "Why are you disputing it?" in asked.content
    assert asked.pending is not None
    assert asked.pending.asking == "reason"
    assert _cases(alice) == []


def test_reason_answer_is_no_fraud_report_and_yes_opens_one_case_then_offers_the_freeze(alice: Customer) -> None:
    talk = Conversation(alice)
    talk.say("i dont recognise this payment")
    talk.say("the first one")
    read_back = talk.say("i never bought it")  # the classifier's fraud report would freeze a card at once
    assert read_back.agent == "transactions"
    assert "Reason: **I don't recognise it**" in read_back.content
    assert card_of(alice, "debit").status == "active"
    assert _cases(alice) == []
    opened = talk.say("yes")
    (case,) = _cases(alice)
    assert (case.status, case.reason, case.customer_words) == ("open", "not_recognised", "i never bought it")
    assert case.reference in opened.content
    assert opened.pending is not None
    assert (opened.pending.flow, opened.pending.stage) == ("freeze_card", "confirm")
    assert opened.quick_replies == ("Yes", "No")
    frozen = talk.say("yes")
    assert "frozen" in frozen.content
    assert frozen.pending is None
    account_card = next(
        c for c in (card_of(alice, "debit"), card_of(alice, "credit")) if c.account_id == case.account_id
    )
    assert account_card.status == "frozen"
    assert len(_cases(alice)) == 1


def test_named_merchant_and_reason_read_back_at_once_when_one_payment_fits(alice: Customer) -> None:
    line = _payments(alice, limit=1)[0]
    amount = format_cents(-line.amount_cents).lstrip("£")
    reply = respond(alice, f"what is this £{amount} charge from {line.merchant}, i didn't buy that")
    assert f"Merchant: **{line.merchant}**" in reply.content
    assert format_cents(-line.amount_cents) in reply.content
    assert reply.pending is not None
    assert reply.pending.stage == "confirm"


def test_a_no_at_the_read_back_opens_nothing(alice: Customer) -> None:
    talk = Conversation(alice)
    talk.say("i dont recognise this payment")
    talk.say("number 2")
    talk.say("i was charged twice")
    cancelled = talk.say("no")
    assert "haven't opened a dispute" in cancelled.content
    assert _cases(alice) == []


def test_the_line_just_shown_is_the_one_disputed(alice: Customer) -> None:
    line = _payments(alice)[1]
    shown = Subject("transaction_details", {"transaction": to_json(TransactionRef(line.id))})
    talk = Conversation(
        alice, history=[HistoryItem("user", "the 2nd one"), HistoryItem("assistant", "...", "transactions", shown)]
    )
    asked = talk.say("i dont recognise this payment")
    assert f"to {line.merchant}" in asked.content
    assert "Why are you disputing it?" in asked.content


def test_a_payment_already_disputed_is_refused_without_a_second_case(alice: Customer) -> None:
    line = _payments(alice)[0]
    with session_scope() as db:
        bank_disputes.open_dispute(db=db, owner_id=alice.user_id, entry_id=line.id, reason="other")
    talk = Conversation(alice)
    talk.say("i dont recognise this payment")
    talk.say("the first one")
    refused = talk.say("something else")
    assert "already disputed" in refused.content
    assert refused.pending is None
    assert len(_cases(alice)) == 1
    with session_scope() as db, pytest.raises(DisputeRefused):
        bank_disputes.open_dispute(db=db, owner_id=alice.user_id, entry_id=line.id, reason="other")


def test_status_shows_refund_and_staff_note(alice: Customer) -> None:
    line = _payments(alice)[0]
    with session_scope() as db:
        case = bank_disputes.open_dispute(db=db, owner_id=alice.user_id, entry_id=line.id, reason="charged_twice")
    with session_scope() as db:
        bank_disputes.refund(db=db, reference=case.reference, staff_id=alice.user_id, note="Duplicate confirmed")
    reply = respond(alice, "what's happening with my dispute", classify=pinned("greeting"))
    assert case.reference in reply.content
    assert "**Refunded**" in reply.content
    assert "Duplicate confirmed" in reply.content
    assert f"{format_cents(case.amount_cents)} is back in your {case.account_name}" in reply.content


def test_status_of_an_unknown_reference_says_so(alice: Customer) -> None:
    assert "couldn't find a dispute" in respond(alice, "any news on DS-ZZZZ-ZZZZ").content


def test_stored_step_with_a_pick_out_of_range_asks_again(alice: Customer) -> None:
    ids = ",".join(str(t.id) for t in _payments(alice, limit=2))
    pending = PendingStep("dispute_payment", "collect", {"choices": ids}, asking="transaction")
    reply: Reply = respond(alice, "number 7", pending=pending)
    assert "Which one do you want to dispute" in reply.content
    assert _cases(alice) == []
