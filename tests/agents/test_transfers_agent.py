"""The transfers specialist, called directly: slots over turns, the read-back, money moved once or not at all."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlmodel import select

from bankchat.agents import transfers
from bankchat.agents.types import Customer, PendingStep, Reply
from bankchat.bank.money import format_cents
from bankchat.db import session_scope
from bankchat.models import Payee, Transfer
from tests.agents.phrases import CLEAR_YES, NOT_A_YES
from tests.agents.specialists import (
    account_of,
    balances_of,
    migrated_database,
    new_customer,
    say,
    set_daily_limit,
    transfers_of,
)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A database of this module's own, the configured one meanwhile."""
    with migrated_database(tmp_path_factory.mktemp("transfers-agent") / "x.db"):
        yield


@pytest.fixture
def alice(database: None) -> Customer:
    """A new customer with alice's demo bank for each test, so money moved in one test stays there."""
    return new_customer("alice")


def _quote(customer: Customer, text: str) -> Reply:
    """The read-back for ``text``, which must name an amount and a destination."""
    reply = transfers.handle(say(customer, text), "transfer_money", 0.9)
    assert reply.pending is not None
    assert reply.pending.stage == "confirm", reply.content
    return reply


def _yes(customer: Customer, pending: PendingStep) -> Reply:
    return transfers.resume(say(customer, "yes", pending=pending), "confirm", 0.95)


def _transfer_row(transfer_id: int) -> Transfer:
    with session_scope() as db:
        row = db.get(Transfer, transfer_id)
    assert row is not None
    return row


def test_handle_transfer_without_amount_asks_how_much(alice: Customer) -> None:
    checking, savings = account_of(alice, "checking"), account_of(alice, "savings")

    reply = transfers.handle(say(alice, "I want to move money to my savings"), "transfer_money", 0.9)

    assert reply.content.startswith("How much would you like to send to Savings?")
    slots = {"target": {"type": "account", "id": savings.id}, "source_id": checking.id, "asking": "amount"}
    assert reply.pending == PendingStep(flow="transfer", stage="collect", slots=slots, key="")
    assert reply.actions == [{"tool": "transfer", "step": "asked", "detail": "amount"}]


def test_resume_amount_given_reads_back_with_key(alice: Customer) -> None:
    checking, savings = account_of(alice, "checking"), account_of(alice, "savings")
    before = balances_of(alice)
    asked = transfers.handle(say(alice, "I want to move money to my savings"), "transfer_money", 0.9)

    reply = transfers.resume(say(alice, "40", pending=asked.pending), "unknown", 0.3)

    assert reply.pending is not None
    assert (reply.pending.flow, reply.pending.stage) == ("transfer", "confirm")
    assert reply.pending.slots["amount_cents"] == 4_000
    assert "asking" not in reply.pending.slots
    assert reply.pending.key.startswith("chat-")
    assert "- **Amount:** £40.00\n" in reply.content
    assert f"- **From:** Everyday Checking ({checking.masked_number})\n" in reply.content
    assert f"- **To:** Savings ({savings.masked_number})\n" in reply.content
    assert f"balance will be {format_cents(checking.balance_cents - 4_000)}." in reply.content
    assert balances_of(alice) == before  # a read-back moves nothing


def test_resume_yes_moves_amount_exactly_once(alice: Customer) -> None:
    checking, savings = account_of(alice, "checking"), account_of(alice, "savings")
    before, count = balances_of(alice), transfers_of(alice)
    quote = _quote(alice, "send 40 to savings")
    assert quote.pending is not None

    reply = _yes(alice, quote.pending)

    after = balances_of(alice)
    assert after == {**before, checking.id: before[checking.id] - 4_000, savings.id: before[savings.id] + 4_000}
    assert transfers_of(alice) == count + 1
    assert reply.pending is None
    action = reply.actions[0]
    assert (action["step"], action["amount_cents"], action["replayed"]) == ("executed", 4_000, False)
    row = _transfer_row(action["transfer_id"])
    assert (row.source_account_id, row.target_account_id, row.amount_cents) == (checking.id, savings.id, 4_000)
    assert row.idempotency_key == quote.pending.key
    assert reply.content.startswith("Done! I've sent **£40.00** from Everyday Checking to Savings.")
    assert f"- Everyday Checking: {format_cents(after[checking.id])}" in reply.content
    assert f"- Savings: {format_cents(after[savings.id])}" in reply.content
    assert f"Reference: {row.reference}." in reply.content
    assert re.fullmatch(r"TR(-[2-9A-HJ-NP-Z]{4}){3}", row.reference)  # random: says nothing about volume


def test_resume_yes_repeated_with_same_key_moves_money_once(alice: Customer) -> None:
    quote = _quote(alice, "send 40 to savings")
    assert quote.pending is not None
    first = _yes(alice, quote.pending)
    balances, count = balances_of(alice), transfers_of(alice)

    again = _yes(alice, quote.pending)  # e.g. the same confirmation delivered twice

    assert balances_of(alice) == balances
    assert transfers_of(alice) == count
    assert again.actions[0]["transfer_id"] == first.actions[0]["transfer_id"]
    assert again.actions[0]["replayed"] is True


def test_resume_no_cancels_without_moving_money(alice: Customer) -> None:
    before, count = balances_of(alice), transfers_of(alice)
    quote = _quote(alice, "send 40 to savings")

    reply = transfers.resume(say(alice, "no", pending=quote.pending), "deny", 0.95)

    assert reply.content == "Okay, I've cancelled that transfer. No money was moved."
    assert (reply.intent, reply.pending) == ("cancel", None)
    assert (balances_of(alice), transfers_of(alice)) == (before, count)


def test_resume_yes_while_collecting_asks_again_without_moving_money(alice: Customer) -> None:
    count = transfers_of(alice)
    asked = transfers.handle(say(alice, "I want to move money to my savings"), "transfer_money", 0.9)

    reply = transfers.resume(say(alice, "yes", pending=asked.pending), "confirm", 0.95)

    assert reply.content.startswith("I still need a few details. How much would you like to send to Savings?")
    assert reply.pending is not None
    assert (reply.pending.stage, reply.pending.slots["asking"]) == ("collect", "amount")
    assert transfers_of(alice) == count


def test_handle_amount_over_available_explains_and_asks_new_amount(alice: Customer) -> None:
    checking = account_of(alice, "checking")
    before, count = balances_of(alice), transfers_of(alice)
    too_much = checking.available_cents + 1

    reply = transfers.handle(say(alice, f"send {format_cents(too_much)} to savings"), "transfer_money", 0.9)

    shown = format_cents(checking.balance_cents + checking.overdraft_limit_cents)
    assert reply.content.startswith(f"Not enough money: your Everyday Checking has {shown} available")
    assert "How much would you like to send to Savings?" in reply.content
    assert reply.pending is not None
    assert (reply.pending.stage, reply.pending.slots["asking"]) == ("collect", "amount")
    assert "amount_cents" not in reply.pending.slots
    assert (balances_of(alice), transfers_of(alice)) == (before, count)


def test_handle_amount_over_daily_limit_says_whats_left(alice: Customer) -> None:
    checking = account_of(alice, "checking")
    set_daily_limit(checking.id, 10_000)
    first = _quote(alice, "send 30 to savings")
    assert first.pending is not None
    _yes(alice, first.pending)
    before = balances_of(alice)

    reply = transfers.handle(say(alice, "send 80 to savings"), "transfer_money", 0.9)

    assert reply.content.startswith("That is over the daily transfer limit of £100.00; £70.00 is left for today")
    assert reply.pending is not None
    assert reply.pending.slots["asking"] == "amount"
    assert balances_of(alice) == before


def test_handle_same_account_both_ends_asks_for_destination(alice: Customer) -> None:
    savings = account_of(alice, "savings")

    reply = transfers.handle(say(alice, "send 20 from savings to savings"), "transfer_money", 0.9)

    assert reply.content.startswith("The money would go to the account it comes from")
    assert "Who should receive £20.00?" in reply.content
    assert reply.pending is not None
    assert reply.pending.slots == {"amount_cents": 2_000, "source_id": savings.id, "asking": "target"}


def test_resume_yes_to_payee_by_nickname_debits_source_only(alice: Customer) -> None:
    checking = account_of(alice, "checking")
    with session_scope() as db:
        landlord = db.exec(select(Payee).where(Payee.owner_id == alice.user_id, Payee.nickname == "landlord")).one()
    before = balances_of(alice)
    quote = _quote(alice, "send £20 to my landlord")
    assert f"- **To:** Landlord - Oak Estates ({landlord.masked_account})" in quote.content
    assert quote.pending is not None

    reply = _yes(alice, quote.pending)

    assert balances_of(alice) == {**before, checking.id: before[checking.id] - 2_000}
    row = _transfer_row(reply.actions[0]["transfer_id"])
    assert (row.payee_id, row.target_account_id, row.amount_cents) == (landlord.id, None, 2_000)
    assert "to Landlord - Oak Estates" in reply.content


def test_handle_negative_amount_refused_and_asks_again(alice: Customer) -> None:
    before, count = balances_of(alice), transfers_of(alice)

    reply = transfers.handle(say(alice, "send -20 to savings"), "transfer_money", 0.9)

    assert reply.content.startswith("Amounts can't be negative. How much would you like to send")
    assert reply.pending is not None
    assert "amount_cents" not in reply.pending.slots
    assert reply.pending.slots["asking"] == "amount"
    assert (balances_of(alice), transfers_of(alice)) == (before, count)


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("what's my balance?", "check_balance", False),
        ("make it 35", "unknown", True),
        ("yes", "unknown", True),
        ("cancel", "unknown", True),
    ],
)
def test_continues_waiting_transfer_only_when_answered(alice: Customer, text: str, intent: str, expected: bool) -> None:
    quote = _quote(alice, "send 40 to savings")

    assert transfers.continues(say(alice, text, pending=quote.pending), intent) is expected


def test_resume_new_amount_reads_back_again_with_new_key(alice: Customer) -> None:
    quote = _quote(alice, "send 40 to savings")
    assert quote.pending is not None

    reply = transfers.resume(say(alice, "make it 35", pending=quote.pending), "unknown", 0.3)

    assert reply.pending is not None
    assert (reply.pending.stage, reply.pending.slots["amount_cents"]) == ("confirm", 3_500)
    assert reply.pending.key != quote.pending.key
    assert "- **Amount:** £35.00\n" in reply.content


def test_reminder_waiting_transfer_mentions_amount(alice: Customer) -> None:
    quote = _quote(alice, "send 40 to savings")
    assert quote.pending is not None

    assert transfers.reminder(quote.pending) == (
        "By the way, your transfer of £40.00 is still waiting: reply **yes** to send it or **no** to cancel."
    )
    collecting = PendingStep(flow="transfer", stage="collect", slots={"amount_cents": 1_500, "asking": "target"})
    assert "your transfer of £15.00 isn't finished yet" in transfers.reminder(collecting)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("show my last 5 transactions", "list_transactions"),
        ("what did I spend in the last 30 days?", "list_transactions"),
        ("show my transactions from savings", "list_transactions"),
    ],
)
def test_continues_waiting_transfer_false_for_question_with_number_or_account(
    alice: Customer, text: str, intent: str
) -> None:
    quote = _quote(alice, "send 40 to savings")

    assert transfers.continues(say(alice, text, pending=quote.pending), intent) is False


@pytest.mark.parametrize("text", NOT_A_YES)
def test_resume_anything_but_a_clear_yes_moves_no_money(alice: Customer, text: str) -> None:
    before, count = balances_of(alice), transfers_of(alice)
    quote = _quote(alice, "send 25 to savings")

    reply = transfers.resume(say(alice, text, pending=quote.pending), "confirm", 0.9)  # even if the router says yes

    assert (balances_of(alice), transfers_of(alice)) == (before, count)
    assert not any(a.get("step") == "executed" for a in reply.actions)


@pytest.mark.parametrize("text", ["is that right?", "ok wait", "ok let me think about it", "not sure yet", "hmm"])
def test_resume_doubt_holds_the_same_transfer(alice: Customer, text: str) -> None:
    quote = _quote(alice, "send 25 to savings")
    turn = say(alice, text, pending=quote.pending)

    assert transfers.continues(turn, "unknown") is True
    reply = transfers.resume(turn, "deny", 0.6)

    assert reply.pending == quote.pending  # same slots, same idempotency key
    assert reply.content.startswith("No problem, nothing has been sent.")
    assert "£25.00 to Savings" in reply.content


@pytest.mark.parametrize("text", CLEAR_YES)
def test_resume_clear_yes_moves_the_money_once(alice: Customer, text: str) -> None:
    count = transfers_of(alice)
    quote = _quote(alice, "send 25 to savings")

    reply = transfers.resume(say(alice, text, pending=quote.pending), "unknown", 0.2)

    assert transfers_of(alice) == count + 1
    assert reply.actions[0]["amount_cents"] == 2_500


@pytest.mark.parametrize(
    ("text", "cents"), [("yes but make it 50", 5_000), ("no wait, make it 40", 4_000), ("sorry, 35 not 25", 3_500)]
)
def test_resume_correction_reads_back_again_without_moving_money(alice: Customer, text: str, cents: int) -> None:
    before, count = balances_of(alice), transfers_of(alice)
    quote = _quote(alice, "send 25 to savings")
    assert quote.pending is not None

    reply = transfers.resume(say(alice, text, pending=quote.pending), "confirm", 0.9)

    assert (balances_of(alice), transfers_of(alice)) == (before, count)
    assert reply.pending is not None
    assert (reply.pending.stage, reply.pending.slots["amount_cents"]) == ("confirm", cents)
    assert reply.pending.key != quote.pending.key
    assert f"- **Amount:** {format_cents(cents)}\n" in reply.content


@pytest.mark.parametrize(
    ("text", "reason"),
    [("minus fifty pounds", "can't be negative"), ("0.5p", "smallest amount"), ("£0", "more than zero")],
)
def test_handle_refused_amount_says_why_and_asks_again(alice: Customer, text: str, reason: str) -> None:
    reply = transfers.handle(say(alice, f"send {text} to savings"), "transfer_money", 0.9)

    assert reason in reply.content
    assert reply.pending is not None
    assert reply.pending.stage == "collect"
    assert "amount_cents" not in reply.pending.slots


@pytest.mark.parametrize(("text", "cents"), [("twenty five pounds", 2_500), ("5 hundred pounds", 50_000)])
def test_handle_amount_in_words_is_read_right(alice: Customer, text: str, cents: int) -> None:
    reply = _quote(alice, f"send {text} to savings")

    assert reply.pending is not None
    assert reply.pending.slots["amount_cents"] == cents
