"""The card flows: freeze and unfreeze at once, report lost only after a clear yes, ask which card when two."""

from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from bankchat.agents.types import Customer, PendingStep
from bankchat.agents.understanding.commands import Cancel, Confirm, Hold, SetSlots, StartFlow
from bankchat.bank.cards import CardView
from bankchat.db import session_scope
from bankchat.models import Handoff
from tests.agents.customers import card_of, new_customer, start_conversation
from tests.agents.flows.steps import commands_for, pinned, respond, run, start
from tests.agents.phrases import CLEAR_YES, NOT_A_YES

CHOOSING = PendingStep(flow="freeze_card", stage="collect", asking="card")
"""What waits after "freeze my card" when the customer has two cards."""


def _label(card: CardView) -> str:
    return f"{card.brand} ending {card.last4}"


def _statuses(customer: Customer) -> tuple[str, str]:
    """The (debit, credit) cards' statuses, read fresh."""
    return card_of(customer, "debit").status, card_of(customer, "credit").status


def _offer_report(customer: Customer) -> PendingStep:
    reply = start(customer, "report_lost", "I lost my debit card")
    assert reply.pending is not None
    return reply.pending


def test_freeze_with_two_cards_asks_which(alice: Customer) -> None:
    debit, credit = card_of(alice, "debit"), card_of(alice, "credit")

    reply = start(alice, "freeze_card", "freeze my card")

    assert reply.content == (
        f"Which card do you mean: your **{_label(debit)}** or your **{_label(credit)}**? (Say **cancel** to stop.)"
    )
    assert reply.pending == CHOOSING
    assert reply.actions == [{"tool": "freeze_card", "step": "asked", "detail": "card"}]
    assert _statuses(alice) == ("active", "active")


def test_card_choice_debit_freezes_only_debit(alice: Customer) -> None:
    asked = start(alice, "freeze_card", "freeze my card")

    reply = respond(alice, "the debit one", pending=asked.pending, classify=pinned("unknown", 0.3))

    debit = card_of(alice, "debit")
    assert reply.content.startswith(f"Your **{_label(debit)}** is now **frozen**")
    assert (reply.agent, reply.intent, reply.pending) == ("cards", "freeze_card", None)
    assert reply.actions == [{"tool": "freeze_card", "card_id": debit.id, "changed": True}]
    assert _statuses(alice) == ("frozen", "active")


def test_freeze_with_one_card_still_working_freezes_that_one(alice: Customer) -> None:
    start(alice, "freeze_card", "freeze my debit card")

    reply = start(alice, "freeze_card", "freeze my card")

    assert reply.content.startswith(f"Your **{_label(card_of(alice, 'credit'))}** is now **frozen**")
    assert _statuses(alice) == ("frozen", "frozen")
    again = start(alice, "freeze_card", "freeze my card")
    assert again.content == "None of your cards can be frozen: they are all frozen or blocked already."


def test_unfreeze_and_report_ask_only_among_the_cards_they_apply_to(alice: Customer) -> None:
    debit, credit = card_of(alice, "debit"), card_of(alice, "credit")
    start(alice, "freeze_card", "freeze my debit card")
    start(alice, "freeze_card", "freeze my credit card")

    unfreeze = start(alice, "unfreeze_card", "unfreeze my card")
    lost = start(alice, "report_lost", "I lost a card")

    both = f"your **{_label(debit)}** (frozen) or your **{_label(credit)}** (frozen)?"
    assert unfreeze.content == f"Which card do you mean: {both} (Say **cancel** to stop.)"
    assert lost.content.startswith(f"Which card do you mean: {both}")


def test_card_choice_cancel_leaves_cards_alone(alice: Customer) -> None:
    asked = start(alice, "freeze_card", "freeze my card")

    reply = respond(alice, "cancel", pending=asked.pending, classify=pinned("deny"))

    assert (reply.content, reply.intent, reply.pending) == ("Okay, I've left your cards as they are.", "cancel", None)
    assert _statuses(alice) == ("active", "active")


def test_freeze_frozen_card_says_already_frozen(alice: Customer) -> None:
    start(alice, "freeze_card", "freeze my debit card")

    reply = start(alice, "freeze_card", "freeze my debit card")

    debit = card_of(alice, "debit")
    assert reply.content == (f"Your **{_label(debit)}** was already frozen. Say **unfreeze my card** to use it again.")
    assert reply.actions == [{"tool": "freeze_card", "card_id": debit.id, "changed": False}]
    assert debit.status == "frozen"


def test_unfreeze_frozen_card_makes_it_active(alice: Customer) -> None:
    start(alice, "freeze_card", "freeze my debit card")

    reply = start(alice, "unfreeze_card", "unfreeze my debit card")

    debit = card_of(alice, "debit")
    assert reply.content == f"Your **{_label(debit)}** is **active** again and ready to use."
    assert reply.actions == [{"tool": "unfreeze_card", "card_id": debit.id, "changed": True}]
    assert _statuses(alice) == ("active", "active")


def test_unfreeze_active_card_says_already_active(alice: Customer) -> None:
    reply = start(alice, "unfreeze_card", "unfreeze my mastercard")

    assert reply.content == f"Your **{_label(card_of(alice, 'credit'))}** is already active."
    assert reply.actions[0]["changed"] is False


def test_unfreeze_it_with_one_card_frozen_needs_no_question(alice: Customer) -> None:
    start(alice, "freeze_card", "freeze my debit card")

    reply = start(alice, "unfreeze_card", "ok unfreeze it now")

    assert reply.content == f"Your **{_label(card_of(alice, 'debit'))}** is **active** again and ready to use."
    assert _statuses(alice) == ("active", "active")


def test_unfreeze_with_no_card_frozen_says_so_and_asks_nothing(alice: Customer) -> None:
    reply = start(alice, "unfreeze_card", "unfreeze my card")

    assert reply.content == "None of your cards is frozen: they all work as normal."
    assert reply.pending is None


def test_lost_card_asks_before_blocking(alice: Customer) -> None:
    debit = card_of(alice, "debit")

    reply = start(alice, "report_lost", "I lost my debit card")

    assert reply.content == (
        f"I'm sorry to hear that. I can block your **{_label(debit)}** permanently now, so nobody can use it. "
        "A replacement card with a new number will arrive in 3-5 business days.\n\n"
        "If you think it may turn up, say **freeze my card** instead: that can be undone.\n\n"
        "Shall I report it lost and block it? Reply **yes** or **no**."
    )
    assert reply.pending is not None
    assert (reply.pending.flow, reply.pending.stage, reply.pending.slots) == (
        "report_lost",
        "confirm",
        {"card": {"card": debit.id}},
    )
    assert reply.pending.key.startswith("chat-")
    assert reply.actions == [{"tool": "report_lost", "step": "read_back"}]
    assert _statuses(alice) == ("active", "active")


def test_yes_reports_card_lost_and_unfreeze_refused(alice: Customer) -> None:
    offer = _offer_report(alice)

    reply = run(alice, Confirm(), text="yes", pending=offer)

    debit = card_of(alice, "debit")
    assert reply.content == (
        f"Done. Your **{_label(debit)}** is reported lost and permanently blocked. "
        "A replacement card with a new number will arrive in 3-5 business days."
    )
    assert reply.actions == [{"tool": "report_lost", "card_id": debit.id, "changed": True}]
    assert reply.pending is None
    assert _statuses(alice) == ("lost", "active")

    refused = start(alice, "unfreeze_card", "unfreeze my debit card")

    assert refused.content == (
        f"Your {_label(debit)} was reported lost and stays blocked. "
        "A replacement card with a new number is on its way and arrives in 3-5 business days."
    )
    assert refused.actions == [{"tool": "unfreeze_card", "card_id": debit.id, "result": "card_lost"}]
    assert _statuses(alice) == ("lost", "active")


def test_lost_card_already_lost_says_so_without_asking(alice: Customer) -> None:
    run(alice, Confirm(), text="yes", pending=_offer_report(alice))

    reply = start(alice, "report_lost", "I lost my debit card")

    assert reply.content == (
        f"Your **{_label(card_of(alice, 'debit'))}** is already reported lost and blocked. "
        "A replacement card with a new number will arrive in 3-5 business days."
    )
    assert reply.pending is None
    assert reply.actions == [{"tool": "report_lost", "step": "refused"}]


def test_no_leaves_card_unreported(alice: Customer) -> None:
    offer = _offer_report(alice)

    reply = respond(alice, "no", pending=offer, classify=pinned("deny", 0.95))

    assert reply.content == "Okay, I haven't reported the card. It works as before."
    assert (reply.intent, reply.pending) == ("cancel", None)
    assert _statuses(alice) == ("active", "active")


@pytest.mark.parametrize("text", ["the debit one", "the mastercard"])
def test_card_choice_continues_when_card_named(alice: Customer, text: str) -> None:
    assert commands_for(alice, text, pending=CHOOSING, classify=pinned("unknown")) == [SetSlots(text)]


@pytest.mark.parametrize(
    ("text", "flow"),
    [
        ("what's my balance?", "check_balance"),  # the real classifier
        ("show my credit card transactions", "search_transactions"),
        ("what's the available credit on my credit card?", "check_balance"),
    ],
)
def test_card_choice_left_for_question_even_naming_card(alice: Customer, text: str, flow: str) -> None:
    (command,) = commands_for(alice, text, pending=CHOOSING)

    assert isinstance(command, StartFlow)
    assert command.flow == flow


@pytest.mark.parametrize(
    ("text", "expected"), [("yes", Confirm()), ("no", Cancel()), ("ok let me think about it", Hold())]
)
def test_lost_report_answered_by_yes_no_or_doubt(alice: Customer, text: str, expected: object) -> None:
    assert commands_for(alice, text, pending=_offer_report(alice), classify=pinned("unknown", 0.3)) == [expected]


def test_lost_report_left_for_another_request(alice: Customer) -> None:
    offer = _offer_report(alice)

    reply = respond(alice, "show my transactions", pending=offer)

    assert reply.agent == "transactions"
    assert reply.pending == offer
    card = card_of(alice, "debit")
    assert reply.content.endswith(
        f"By the way, reporting your **{card.brand} ending {card.last4}** lost is still waiting: reply **yes** to go "
        "ahead or **no** to cancel."
    )


@pytest.mark.usefixtures("database")
@pytest.mark.parametrize(("flow", "text"), [("freeze_card", "freeze my card"), ("report_lost", "I lost my card")])
def test_customer_without_cards_says_none(flow: str, text: str) -> None:
    nobody = new_customer(with_bank=False)

    reply = start(nobody, flow, text)

    assert (reply.content, reply.pending) == ("You don't have a card with us.", None)
    assert reply.actions == [{"tool": flow, "step": "refused"}]


@pytest.mark.parametrize("text", NOT_A_YES)
def test_lost_report_anything_but_a_clear_yes_blocks_nothing(alice: Customer, text: str) -> None:
    offer = _offer_report(alice)

    reply = respond(alice, text, pending=offer, classify=pinned("confirm"))  # even if the classifier says yes

    assert _statuses(alice) == ("active", "active")
    assert reply.pending in (offer, None)  # held for a clear answer, or cancelled by a no


@pytest.mark.parametrize("text", CLEAR_YES)
def test_lost_report_clear_yes_blocks_the_card(alice: Customer, text: str) -> None:
    offer = _offer_report(alice)

    reply = respond(alice, text, pending=offer, classify=pinned("unknown", 0.2))

    assert reply.pending is None
    assert _statuses(alice) == ("lost", "active")


@pytest.mark.parametrize("text", ["ok let me think about it", "not sure yet", "is that right?", "ok wait"])
def test_lost_report_holds_a_doubt(alice: Customer, text: str) -> None:
    offer = _offer_report(alice)

    held = respond(alice, text, pending=offer, classify=pinned("deny", 0.6))

    assert held.pending == offer
    assert held.content.startswith("No problem, I haven't blocked anything. Blocking is permanent")
    assert held.actions == [{"tool": "report_lost", "step": "held"}]
    assert _statuses(alice) == ("active", "active")


def test_yes_to_report_stored_by_old_specialist_asks_which_card(alice: Customer) -> None:
    stored = PendingStep(flow="report_lost", stage="confirm", slots={"card_id": card_of(alice, "debit").id})

    reply = respond(alice, "yes", pending=stored)  # a conversation left waiting across the upgrade

    assert reply.content.startswith("I still need a few details. Which card do you mean:")
    assert reply.pending == PendingStep(flow="report_lost", stage="collect", asking="card")
    assert _statuses(alice) == ("active", "active")


def test_step_of_a_flow_that_no_longer_exists_is_dropped(alice: Customer) -> None:
    stored = PendingStep(flow="card_choice", stage="choose", slots={"intent": "freeze_card"})

    reply = respond(alice, "yes", pending=stored)

    assert (reply.content, reply.pending) == (
        "There's nothing waiting for your confirmation right now. How can I help?",
        None,
    )
    assert _statuses(alice) == ("active", "active")


def _report_fraud(customer: Customer) -> None:
    """Fraud reported on the debit card, in a conversation of its own (the hand-off row points at it)."""
    text = "someone used my debit card"
    run(customer, StartFlow("report_fraud", text, 0.9), text=text, session_id=start_conversation(customer))


def _close_handoffs(customer: Customer) -> None:
    with session_scope() as db:
        db.exec(update(Handoff).where(col(Handoff.user_id) == customer.user_id).values(status="closed"))


def test_card_frozen_for_fraud_stays_frozen_until_the_case_is_closed(alice: Customer) -> None:
    debit = card_of(alice, "debit")
    _report_fraud(alice)
    with session_scope() as db:
        reasons = db.exec(select(Handoff.reason).where(col(Handoff.user_id) == alice.user_id)).all()
    assert [r.startswith(f"Suspected fraud on the card ending {debit.last4}: ") for r in reasons] == [True]

    reply = start(alice, "unfreeze_card", "unfreeze my debit card")

    assert "stays frozen while our fraud team looks into the payments you reported" in reply.content
    assert _statuses(alice) == ("frozen", "active")
    _close_handoffs(alice)
    assert "active** again" in start(alice, "unfreeze_card", "unfreeze my debit card").content
    assert _statuses(alice) == ("active", "active")


def test_other_card_unfreezes_while_a_fraud_case_is_open(alice: Customer) -> None:
    _report_fraud(alice)
    start(alice, "freeze_card", "freeze my credit card")

    reply = start(alice, "unfreeze_card", "unfreeze my credit card")

    assert "active** again" in reply.content
    assert _statuses(alice) == ("frozen", "active")
    _close_handoffs(alice)
