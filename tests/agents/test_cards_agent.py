"""The cards specialist, called directly: freeze and unfreeze at once, report lost only after a yes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bankchat.agents import cards
from bankchat.agents.types import Customer, PendingStep, Reply
from bankchat.bank.cards import CardView
from tests.agents.phrases import CLEAR_YES, NOT_A_YES
from tests.agents.specialists import card_of, migrated_database, new_customer, say


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A database of this module's own, the configured one meanwhile."""
    with migrated_database(tmp_path_factory.mktemp("cards-agent") / "x.db"):
        yield


@pytest.fixture
def alice(database: None) -> Customer:
    """A new customer with alice's two active demo cards (a Visa Debit and a Mastercard) for each test."""
    return new_customer("alice")


def _label(card: CardView) -> str:
    return f"{card.brand} ending {card.last4}"


def _statuses(customer: Customer) -> tuple[str, str]:
    """The (debit, credit) cards' statuses, read fresh."""
    return card_of(customer, "debit").status, card_of(customer, "credit").status


def _offer_report(customer: Customer) -> Reply:
    reply = cards.handle(say(customer, "I lost my debit card"), "lost_or_stolen_card", 0.9)
    assert reply.pending is not None
    return reply


def test_handle_freeze_with_two_cards_asks_which(alice: Customer) -> None:
    debit, credit = card_of(alice, "debit"), card_of(alice, "credit")

    reply = cards.handle(say(alice, "freeze my card"), "freeze_card", 0.9)

    assert reply.content == (
        f"Which card do you mean: your **{_label(debit)}** (active) and your **{_label(credit)}** (active)? "
        "(Say **cancel** to stop.)"
    )
    assert reply.pending == PendingStep(flow="card_choice", stage="choose", slots={"intent": "freeze_card"})
    assert _statuses(alice) == ("active", "active")


def test_resume_card_choice_debit_freezes_only_debit(alice: Customer) -> None:
    asked = cards.handle(say(alice, "freeze my card"), "freeze_card", 0.9)

    reply = cards.resume(say(alice, "the debit one", pending=asked.pending), "unknown", 0.3)

    debit = card_of(alice, "debit")
    assert reply.content.startswith(f"Your **{_label(debit)}** is now **frozen**")
    assert (reply.intent, reply.pending) == ("freeze_card", None)
    assert reply.actions == [{"tool": "freeze_card", "card_id": debit.id, "changed": True}]
    assert _statuses(alice) == ("frozen", "active")


def test_resume_card_choice_cancel_leaves_cards_alone(alice: Customer) -> None:
    asked = cards.handle(say(alice, "freeze my card"), "freeze_card", 0.9)

    reply = cards.resume(say(alice, "cancel", pending=asked.pending), "deny", 0.9)

    assert (reply.content, reply.pending) == ("Okay, I've left your cards as they are.", None)
    assert _statuses(alice) == ("active", "active")


def test_handle_freeze_frozen_card_says_already_frozen(alice: Customer) -> None:
    cards.handle(say(alice, "freeze my debit card"), "freeze_card", 0.9)

    reply = cards.handle(say(alice, "freeze my debit card"), "freeze_card", 0.9)

    debit = card_of(alice, "debit")
    assert reply.content.startswith(f"Your **{_label(debit)}** was already frozen.")
    assert reply.actions == [{"tool": "freeze_card", "card_id": debit.id, "changed": False}]
    assert debit.status == "frozen"


def test_handle_unfreeze_frozen_card_makes_it_active(alice: Customer) -> None:
    cards.handle(say(alice, "freeze my debit card"), "freeze_card", 0.9)

    reply = cards.handle(say(alice, "unfreeze my debit card"), "unfreeze_card", 0.9)

    debit = card_of(alice, "debit")
    assert reply.content == f"Your **{_label(debit)}** is **active** again and ready to use."
    assert _statuses(alice) == ("active", "active")


def test_handle_unfreeze_active_card_says_already_active(alice: Customer) -> None:
    reply = cards.handle(say(alice, "unfreeze my mastercard"), "unfreeze_card", 0.9)

    assert reply.content == f"Your **{_label(card_of(alice, 'credit'))}** is already active."
    assert reply.actions[0]["changed"] is False


def test_handle_lost_card_asks_before_blocking(alice: Customer) -> None:
    debit = card_of(alice, "debit")

    reply = _offer_report(alice)

    assert f"I can block your **{_label(debit)}** permanently now" in reply.content
    assert reply.content.endswith("Shall I report it lost and block it? Reply **yes** or **no**.")
    assert reply.pending == PendingStep(flow="report_lost", stage="confirm", slots={"card_id": debit.id})
    assert _statuses(alice) == ("active", "active")


def test_resume_yes_reports_card_lost_and_unfreeze_refused(alice: Customer) -> None:
    offer = _offer_report(alice)

    reply = cards.resume(say(alice, "yes", pending=offer.pending), "confirm", 0.95)

    debit = card_of(alice, "debit")
    assert reply.content.startswith(f"Done. Your **{_label(debit)}** is reported lost and permanently blocked.")
    assert reply.pending is None
    assert _statuses(alice) == ("lost", "active")

    refused = cards.handle(say(alice, "unfreeze my debit card"), "unfreeze_card", 0.9)

    assert refused.content == (
        f"Your {_label(debit)} was reported lost and stays blocked. "
        "A replacement card with a new number is on its way and arrives in 3-5 business days."
    )
    assert refused.actions == [{"tool": "unfreeze_card", "card_id": debit.id, "result": "card_lost"}]
    assert _statuses(alice) == ("lost", "active")


def test_handle_lost_card_already_lost_says_so_without_asking(alice: Customer) -> None:
    offer = _offer_report(alice)
    cards.resume(say(alice, "yes", pending=offer.pending), "confirm", 0.95)

    reply = cards.handle(say(alice, "I lost my debit card"), "lost_or_stolen_card", 0.9)

    assert reply.content.startswith(f"Your **{_label(card_of(alice, 'debit'))}** is already reported lost")
    assert reply.pending is None


def test_resume_no_leaves_card_unreported(alice: Customer) -> None:
    offer = _offer_report(alice)

    reply = cards.resume(say(alice, "no", pending=offer.pending), "deny", 0.95)

    assert reply.content == "Okay, I haven't reported the card. It works as before."
    assert (reply.intent, reply.pending) == ("cancel", None)
    assert _statuses(alice) == ("active", "active")


@pytest.mark.parametrize(
    ("text", "expected"), [("the debit one", True), ("the mastercard", True), ("what's my balance?", False)]
)
def test_continues_card_choice_only_when_card_named(alice: Customer, text: str, expected: bool) -> None:
    asked = cards.handle(say(alice, "freeze my card"), "freeze_card", 0.9)

    assert cards.continues(say(alice, text, pending=asked.pending), "unknown") is expected


@pytest.mark.parametrize(("text", "expected"), [("yes", True), ("no", True), ("show my transactions", False)])
def test_continues_lost_report_only_on_yes_or_no(alice: Customer, text: str, expected: bool) -> None:
    offer = _offer_report(alice)

    assert cards.continues(say(alice, text, pending=offer.pending), "unknown") is expected


@pytest.mark.usefixtures("database")
def test_handle_customer_without_cards_says_none() -> None:
    nobody = new_customer(with_bank=False)

    reply = cards.handle(say(nobody, "freeze my card"), "freeze_card", 0.9)

    assert (reply.content, reply.pending) == ("You don't have a card with us.", None)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("show my credit card transactions", "list_transactions"),
        ("what's the available credit on my credit card?", "check_balance"),
    ],
)
def test_continues_card_choice_false_for_question_naming_card(alice: Customer, text: str, intent: str) -> None:
    asked = cards.handle(say(alice, "freeze my card"), "freeze_card", 0.9)

    assert cards.continues(say(alice, text, pending=asked.pending), intent) is False


@pytest.mark.parametrize("text", NOT_A_YES)
def test_resume_lost_report_anything_but_a_clear_yes_blocks_nothing(alice: Customer, text: str) -> None:
    offer = _offer_report(alice)
    assert offer.pending is not None

    reply = cards.resume(say(alice, text, pending=offer.pending), "confirm", 0.9)  # even if the router says confirm

    assert _statuses(alice) == ("active", "active")
    assert reply.pending in (offer.pending, None)  # held for a clear answer, or cancelled by a no


@pytest.mark.parametrize("text", CLEAR_YES)
def test_resume_lost_report_clear_yes_blocks_the_card(alice: Customer, text: str) -> None:
    offer = _offer_report(alice)

    reply = cards.resume(say(alice, text, pending=offer.pending), "unknown", 0.2)

    assert reply.pending is None
    assert _statuses(alice) == ("lost", "active")


@pytest.mark.parametrize("text", ["ok let me think about it", "not sure yet", "is that right?", "ok wait"])
def test_continues_lost_report_holds_a_doubt(alice: Customer, text: str) -> None:
    offer = _offer_report(alice)
    turn = say(alice, text, pending=offer.pending)

    assert cards.continues(turn, "unknown") is True
    held = cards.resume(turn, "deny", 0.6)
    assert held.pending == offer.pending
    assert "I haven't blocked anything" in held.content
