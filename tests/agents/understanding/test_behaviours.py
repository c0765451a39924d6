"""Customers as they talk, through the real understanding stage and flow engine (issue 13's behaviours)."""

from __future__ import annotations

import pytest

from bankchat.agents.types import Customer
from tests.agents.customers import (
    account_of,
    balances_of,
    card_of,
    transfers_of,
)
from tests.agents.dialogue_driver import Conversation


@pytest.fixture
def chat(alice: Customer) -> Conversation:
    return Conversation(alice)


# --- corrections amend ---------------------------------------------------------


@pytest.mark.parametrize(
    ("correction", "amount"),
    [("no wait, make it 40", "£40.00"), ("sorry, 35 not 30", "£35.00"), ("make it 45 instead", "£45.00")],
)
def test_correction_amends_the_waiting_transfer(
    chat: Conversation, alice: Customer, correction: str, amount: str
) -> None:
    count = transfers_of(alice)
    assert "£30.00" in chat.say("send 30 to savings").content

    amended = chat.say(correction)

    assert "Please confirm" in amended.content
    assert amount in amended.content
    assert transfers_of(alice) == count
    assert amount in chat.say("yes").content
    assert transfers_of(alice) == count + 1


def test_source_correction_with_amount_amends_both(chat: Conversation, alice: Customer) -> None:
    chat.say("send 30 to savings")  # wait: the source is checking, so pick a payee to allow savings as source
    chat.say("cancel")
    chat.say("send 30 to bob")
    amended = chat.say("take it from my savings instead, 500")

    assert "£500.00" in amended.content
    assert "From:** Savings" in amended.content


def test_new_payee_while_transfer_waits_amends_destination(chat: Conversation) -> None:
    chat.say("send 20 to savings")
    amended = chat.say("to bob instead")
    assert "To:** Bob" in amended.content
    assert "£20.00" in amended.content


@pytest.mark.parametrize("correction", ["no priya", "no i meant priya", "no sorry i meant priya", "nope, priya"])
def test_a_no_naming_the_change_amends_the_payee(chat: Conversation, alice: Customer, correction: str) -> None:
    count = transfers_of(alice)
    chat.say("send bob 50")

    amended = chat.say(correction)

    assert "To:** Priya Shah" in amended.content
    assert transfers_of(alice) == count
    assert chat.pending is not None


@pytest.mark.parametrize("refusal", ["no", "no thanks", "no dont send it to bob", "no, cancel it"])
def test_a_no_naming_nothing_to_change_cancels(chat: Conversation, refusal: str) -> None:
    chat.say("send bob 50")

    assert "cancelled" in chat.say(refusal).content
    assert chat.pending is None


# --- two requests in one message ------------------------------------------------


def test_two_requests_are_both_done_in_order(chat: Conversation, alice: Customer) -> None:
    checking = account_of(alice, "checking")

    reply = chat.say("check balance and also freeze my debit card")

    assert reply.content.index(checking.name) < reply.content.index("frozen")
    assert card_of(alice, "debit").status == "frozen"


# --- urgent requests pre-empt -----------------------------------------------------


def test_stolen_card_pre_empts_a_waiting_card_question(chat: Conversation, alice: Customer) -> None:
    assert "Which card" in chat.say("freeze my card").content

    reply = chat.say("my credit card got stolen on the tube")

    credit = card_of(alice, "credit")
    assert "Shall I report it lost" in reply.content
    assert credit.last4 in reply.content
    assert "Done" in chat.say("yes").content
    assert card_of(alice, "credit").status == "lost"


def test_stolen_card_while_transfer_waits_then_transfer_offered_again(chat: Conversation, alice: Customer) -> None:
    count = transfers_of(alice)
    chat.say("send 30 to savings")

    report = chat.say("I just lost my debit card")
    assert "Shall I report it lost" in report.content
    blocked = chat.say("yes")

    assert card_of(alice, "debit").status == "lost"
    assert "your transfer of £30.00 to Savings is still waiting" in blocked.content
    chat.say("yes")
    assert transfers_of(alice) == count + 1


# --- follow-ups ------------------------------------------------------------------


def test_follow_up_reuses_subject_with_new_category(chat: Conversation) -> None:
    first = chat.say("how much did I spend on groceries last month")
    assert "on groceries" in first.content

    second = chat.say("and what about coffee?")

    assert second.agent == "transactions"
    assert "on coffee" in second.content
    assert "last month" in second.content


def test_follow_up_the_week_before(chat: Conversation) -> None:
    chat.say("what did I spend last week")
    before = chat.say("the week before?")
    assert before.agent == "transactions"
    assert "You spent" in before.content or "nothing" in before.content


def test_follow_up_the_other_one(chat: Conversation, alice: Customer) -> None:
    first = chat.say("what's my savings balance")
    assert "Savings" in first.content
    other = chat.say("what about the other one?")
    assert account_of(alice, "checking").name in other.content


def test_how_long_after_a_hand_off(chat: Conversation) -> None:
    chat.say("I want to talk to a person")
    reply = chat.say("how long will that take?")
    assert reply.agent == "handoff"
    assert "minutes" in reply.content


# --- entities from the customer's own data ------------------------------------------------


def test_payee_by_first_name(chat: Conversation) -> None:
    reply = chat.say("send bob 20")
    assert "Please confirm" in reply.content
    assert "To:** Bob" in reply.content


def test_savings_and_checking_combined(chat: Conversation, alice: Customer) -> None:
    savings, checking = account_of(alice, "savings"), account_of(alice, "checking")
    reply = chat.say("savings n checking combined")
    assert savings.name in reply.content
    assert checking.name in reply.content


# --- questions that compute -----------------------------------------------------------


def test_biggest_purchases_lead_with_the_largest(chat: Conversation) -> None:
    reply = chat.say("biggest purchases last 3 months")
    assert "largest" in reply.content
    assert "rent" in reply.content.splitlines()[4].lower()  # the first row is the rent


def test_average_per_month(chat: Conversation) -> None:
    reply = chat.say("how much do I spend on groceries on average per month")
    assert "On average you spent" in reply.content


def test_how_many_times(chat: Conversation) -> None:
    reply = chat.say("how many coffee purchases did I make last month")
    assert "transaction" in reply.content


# --- action vs question, vague requests, chit-chat, new flows -----------------------------------


def test_wanting_to_make_a_transfer_starts_one(chat: Conversation) -> None:
    reply = chat.say("I'd like to make a transfer")
    assert reply.agent == "transfers"
    assert reply.pending is not None


def test_question_about_a_transfer_is_a_topic(chat: Conversation) -> None:
    reply = chat.say("why hasn't my transfer arrived yet?")
    assert reply.agent == "support"
    assert reply.pending is None


def test_vague_help_gets_choices_not_an_article(chat: Conversation) -> None:
    reply = chat.say("I need help with my account")
    assert reply.intent == "clarify"
    assert "check your balance" in reply.content.lower()


@pytest.mark.parametrize("text", ["are you a bot?", "am I talking to a real person?", "r u a robot"])
def test_are_you_a_bot(chat: Conversation, text: str) -> None:
    reply = chat.say(text)
    assert reply.agent == "smalltalk"
    assert "not a person" in reply.content


def test_payee_list(chat: Conversation) -> None:
    reply = chat.say("who's on my payee list?")
    assert reply.agent == "transfers"
    assert "Bob" in reply.content


def test_balances_untouched_by_questions(chat: Conversation, alice: Customer) -> None:
    before = balances_of(alice)
    chat.say("what's my balance")
    chat.say("and the other one?")
    assert balances_of(alice) == before
