"""The transfer flow: slots over turns, the read-back, money moved once or not at all.

Single steps run ``engine.run`` with the command the understanding stage would give; the
answers to a read-back go through the stage too (``respond``), with the classifier pinned
where the point is that only BankChat's own rules may say yes.
"""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from bankchat.agents.flows import engine
from bankchat.agents.types import Customer, PendingStep, Reply
from bankchat.agents.understanding.commands import Cancel, Confirm, SetSlots, StartFlow
from bankchat.bank import accounts as bank_accounts
from bankchat.bank.money import format_cents
from bankchat.db import session_scope
from bankchat.models import Payee, Transfer
from tests.agents.customers import (
    account_of,
    balances_of,
    say,
    set_daily_limit,
    transfers_of,
)
from tests.agents.flows.steps import commands_for, pinned, respond, run, start
from tests.agents.phrases import CLEAR_YES, NOT_A_YES
from tests.factories import settings_env


def _quote(customer: Customer, text: str) -> PendingStep:
    """The step waiting at the read-back for ``text``, which must name an amount and a destination."""
    reply = start(customer, "transfer", text)
    assert reply.pending is not None
    assert reply.pending.stage == "confirm", reply.content
    return reply.pending


def _yes(customer: Customer, pending: PendingStep) -> Reply:
    return run(customer, Confirm(), text="yes", pending=pending)


def _transfer_row(reference: str) -> Transfer:
    with session_scope() as db:
        return db.exec(select(Transfer).where(Transfer.reference == reference)).one()


def test_transfer_without_amount_asks_how_much(alice: Customer) -> None:
    checking, savings = account_of(alice, "checking"), account_of(alice, "savings")

    reply = start(alice, "transfer", "I want to move money to my savings")

    assert reply.content == "How much would you like to send to Savings? (Say **cancel** to stop.)"
    slots = {"target": {"account": savings.id}, "source": {"account": checking.id}}
    assert reply.pending == PendingStep(flow="transfer", stage="collect", slots=slots, key="", asking="amount")
    assert reply.actions == [{"tool": "transfer", "step": "asked", "detail": "amount"}]
    assert (reply.agent, reply.intent) == ("transfers", "transfer")


def test_amount_given_reads_back_with_key(alice: Customer) -> None:
    checking, savings = account_of(alice, "checking"), account_of(alice, "savings")
    before = balances_of(alice)
    asked = start(alice, "transfer", "I want to move money to my savings")

    reply = respond(alice, "40", pending=asked.pending, classify=pinned("unknown", 0.3))

    assert reply.pending is not None
    assert (reply.pending.flow, reply.pending.stage, reply.pending.asking) == ("transfer", "confirm", "")
    assert reply.pending.slots == {
        "target": {"account": savings.id},
        "source": {"account": checking.id},
        "amount": {"money": 4_000},
    }
    assert reply.pending.key.startswith("chat-")
    assert reply.actions == [{"tool": "transfer", "step": "read_back"}]
    assert "- **Amount:** £40.00\n" in reply.content
    assert f"- **From:** Everyday Checking ({checking.masked_number})\n" in reply.content
    assert f"- **To:** Savings ({savings.masked_number})\n" in reply.content
    assert f"balance will be {format_cents(checking.balance_cents - 4_000)}." in reply.content
    assert reply.content.endswith("Reply **yes** to send it or **no** to cancel.")
    assert balances_of(alice) == before  # a read-back moves nothing


def test_yes_moves_amount_exactly_once(alice: Customer) -> None:
    checking, savings = account_of(alice, "checking"), account_of(alice, "savings")
    before, count = balances_of(alice), transfers_of(alice)
    quote = _quote(alice, "send 40 to savings")

    reply = _yes(alice, quote)

    after = balances_of(alice)
    assert after == {**before, checking.id: before[checking.id] - 4_000, savings.id: before[savings.id] + 4_000}
    assert transfers_of(alice) == count + 1
    assert (reply.pending, reply.intent) == (None, "confirm")
    (action,) = reply.actions
    assert (action["tool"], action["step"], action["amount_cents"], action["replayed"]) == (
        "transfer",
        "executed",
        4_000,
        False,
    )
    row = _transfer_row(action["reference"])
    assert (row.source_account_id, row.target_account_id, row.amount_cents) == (checking.id, savings.id, 4_000)
    assert row.idempotency_key == quote.key
    assert reply.content.startswith("Done! I've sent **£40.00** from Everyday Checking to Savings.")
    assert f"- Everyday Checking: {format_cents(after[checking.id])}" in reply.content
    assert f"- Savings: {format_cents(after[savings.id])}" in reply.content
    assert reply.content.endswith(f"Reference: {row.reference}.")
    assert re.fullmatch(r"TR(-[2-9A-HJ-NP-Z]{4}){3}", row.reference)  # random: says nothing about volume


def test_balances_after_a_yes_are_read_afresh_though_read_earlier_in_the_turn(alice: Customer) -> None:
    """The transfer commits in a transaction of its own: balances remembered before it must not be shown after."""
    savings = account_of(alice, "savings")
    quote = _quote(alice, "send 15 to savings")
    turn = say(alice, "yes", pending=quote)
    with session_scope() as db:
        before = bank_accounts.list_accounts(db=db, owner_id=alice.user_id)  # remembered in this unit of work
        reply = engine.run([Confirm()], turn, db)

    moved = next(a for a in before if a.id == savings.id).balance_cents + 1_500
    assert f"- Savings: {format_cents(moved)}" in reply.content


def test_yes_repeated_with_same_key_moves_money_once(alice: Customer) -> None:
    quote = _quote(alice, "send 40 to savings")
    first = _yes(alice, quote)
    balances, count = balances_of(alice), transfers_of(alice)

    again = _yes(alice, quote)  # e.g. the same confirmation delivered twice

    assert balances_of(alice) == balances
    assert transfers_of(alice) == count
    assert again.actions[0]["reference"] == first.actions[0]["reference"]
    assert (first.actions[0]["replayed"], again.actions[0]["replayed"]) == (False, True)


def test_no_cancels_without_moving_money(alice: Customer) -> None:
    before, count = balances_of(alice), transfers_of(alice)
    quote = _quote(alice, "send 40 to savings")

    reply = respond(alice, "no", pending=quote)

    assert reply.content == "Okay, I've cancelled that transfer. No money was moved."
    assert (reply.agent, reply.intent, reply.pending) == ("transfers", "cancel", None)
    assert reply.actions == [{"tool": "transfer", "step": "cancelled"}]
    assert (balances_of(alice), transfers_of(alice)) == (before, count)


def test_yes_while_collecting_asks_again_without_moving_money(alice: Customer) -> None:
    count = transfers_of(alice)
    asked = start(alice, "transfer", "I want to move money to my savings")

    reply = respond(alice, "yes", pending=asked.pending)

    assert reply.content.startswith("I still need a few details. How much would you like to send to Savings?")
    assert reply.pending == asked.pending
    assert transfers_of(alice) == count


def test_amount_over_available_explains_and_asks_new_amount(alice: Customer) -> None:
    checking, savings = account_of(alice, "checking"), account_of(alice, "savings")
    before, count = balances_of(alice), transfers_of(alice)
    too_much = checking.available_cents + 1

    reply = start(alice, "transfer", f"send {format_cents(too_much)} to savings")

    shown = format_cents(checking.balance_cents + checking.overdraft_limit_cents)
    assert reply.content.startswith(f"Not enough money: your Everyday Checking has {shown} available")
    assert "How much would you like to send to Savings?" in reply.content
    assert reply.pending is not None
    assert (reply.pending.stage, reply.pending.asking) == ("collect", "amount")
    assert reply.pending.slots == {"target": {"account": savings.id}, "source": {"account": checking.id}}
    assert (balances_of(alice), transfers_of(alice)) == (before, count)


def test_amount_over_daily_limit_says_whats_left(alice: Customer) -> None:
    checking = account_of(alice, "checking")
    set_daily_limit(checking.id, 10_000)
    _yes(alice, _quote(alice, "send 30 to savings"))
    before = balances_of(alice)

    reply = start(alice, "transfer", "send 80 to savings")

    assert reply.content.startswith("That is over the daily transfer limit of £100.00; £70.00 is left for today")
    assert reply.pending is not None
    assert (reply.pending.asking, "amount" in reply.pending.slots) == ("amount", False)
    assert balances_of(alice) == before


def test_same_account_both_ends_asks_for_destination(alice: Customer) -> None:
    savings = account_of(alice, "savings")

    reply = start(alice, "transfer", "send 20 from savings to savings")

    assert reply.content.startswith("The money would go to the account it comes from")
    assert (
        "Who should receive £20.00? You can send to **Everyday Checking**, **Bob Brown**, "
        "**Landlord - Oak Estates**, **Priya Shah**."
    ) in reply.content  # every account but the source (and not the credit card), then the payees
    assert reply.pending is not None
    assert reply.pending.slots == {"amount": {"money": 2_000}, "source": {"account": savings.id}}
    assert reply.pending.asking == "target"


def test_yes_to_payee_by_nickname_debits_source_only(alice: Customer) -> None:
    checking = account_of(alice, "checking")
    with session_scope() as db:
        landlord = db.exec(select(Payee).where(Payee.owner_id == alice.user_id, Payee.nickname == "landlord")).one()
    before = balances_of(alice)
    read_back = start(alice, "transfer", "send £20 to my landlord")
    assert f"- **To:** Landlord - Oak Estates ({landlord.masked_account})" in read_back.content
    assert read_back.pending is not None
    assert read_back.pending.slots["target"] == {"payee": landlord.id}

    reply = _yes(alice, read_back.pending)

    assert balances_of(alice) == {**before, checking.id: before[checking.id] - 2_000}
    row = _transfer_row(reply.actions[0]["reference"])
    assert (row.payee_id, row.target_account_id, row.amount_cents) == (landlord.id, None, 2_000)
    assert "to Landlord - Oak Estates" in reply.content


def test_negative_amount_refused_and_asks_again(alice: Customer) -> None:
    before, count = balances_of(alice), transfers_of(alice)

    reply = start(alice, "transfer", "send -20 to savings")

    assert reply.content.startswith("Amounts can't be negative. How much would you like to send")
    assert reply.pending is not None
    assert "amount" not in reply.pending.slots
    assert reply.pending.asking == "amount"
    assert (balances_of(alice), transfers_of(alice)) == (before, count)


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("what's my balance?", "check_balance", StartFlow("check_balance", "what's my balance?", 0.9)),
        ("make it 35", "unknown", SetSlots("make it 35")),
        ("yes", "unknown", Confirm()),
        ("cancel", "unknown", Cancel()),
    ],
)
def test_waiting_transfer_answered_only_when_spoken_to(
    alice: Customer, text: str, intent: str, expected: object
) -> None:
    quote = _quote(alice, "send 40 to savings")

    assert commands_for(alice, text, pending=quote, classify=pinned(intent)) == [expected]


def test_new_amount_reads_back_again_with_new_key(alice: Customer) -> None:
    quote = _quote(alice, "send 40 to savings")

    reply = respond(alice, "make it 35", pending=quote, classify=pinned("unknown", 0.3))

    assert reply.pending is not None
    assert (reply.pending.stage, reply.pending.slots["amount"]) == ("confirm", {"money": 3_500})
    assert reply.pending.key != quote.key
    assert "- **Amount:** £35.00\n" in reply.content


def test_reminder_of_waiting_transfer_mentions_amount_and_target(alice: Customer) -> None:
    quote = _quote(alice, "send 40 to savings")

    reply = start(alice, "check_balance", "what's my balance?", pending=quote)

    assert reply.pending == quote  # still waiting, same key
    assert reply.content.endswith(
        "By the way, your transfer of £40.00 to Savings is still waiting: "
        "reply **yes** to go ahead or **no** to cancel."
    )
    collecting = PendingStep(flow="transfer", stage="collect", slots={"amount": {"money": 1_500}}, asking="target")
    reply = start(alice, "check_balance", "what's my balance?", pending=collecting)
    assert reply.content.endswith(
        "By the way, your transfer of £15.00 isn't finished yet: tell me what's missing, or say **cancel**."
    )


@pytest.mark.parametrize(
    ("text", "flow"),
    [
        ("show my last 5 transactions", "search_transactions"),
        ("what did I spend in the last 30 days?", "search_transactions"),
        ("show my transactions from savings", "search_transactions"),
    ],
)
def test_question_with_number_or_account_leaves_waiting_transfer(alice: Customer, text: str, flow: str) -> None:
    quote = _quote(alice, "send 40 to savings")

    assert commands_for(alice, text, pending=quote, classify=pinned("list_transactions")) == [
        StartFlow(flow, text, 0.9)
    ]


@pytest.mark.parametrize("text", NOT_A_YES)
def test_anything_but_a_clear_yes_moves_no_money(alice: Customer, text: str) -> None:
    before, count = balances_of(alice), transfers_of(alice)
    quote = _quote(alice, "send 25 to savings")

    assert Confirm() not in commands_for(alice, text, pending=quote, classify=pinned("confirm"))
    reply = respond(alice, text, pending=quote, classify=pinned("confirm"))  # even if the classifier says yes

    assert (balances_of(alice), transfers_of(alice)) == (before, count)
    assert not any(a.get("step") == "executed" for a in reply.actions)


@pytest.mark.parametrize("text", ["is that right?", "ok wait", "ok let me think about it", "not sure yet", "hmm"])
@pytest.mark.parametrize("intent", ["deny", "unknown"])
def test_doubt_holds_the_same_transfer(alice: Customer, text: str, intent: str) -> None:
    quote = _quote(alice, "send 25 to savings")

    reply = respond(alice, text, pending=quote, classify=pinned(intent, 0.6))

    assert reply.pending == quote  # same slots, same idempotency key
    assert reply.content.startswith(
        "No problem, nothing has been sent. Take your time: when you're ready, reply **yes** to send "
        "£25.00 to Savings, or **no** to cancel."
    )
    assert (reply.intent, reply.actions) == ("hold", [{"tool": "transfer", "step": "held"}])


@pytest.mark.parametrize("text", CLEAR_YES)
def test_clear_yes_moves_the_money_once(alice: Customer, text: str) -> None:
    count = transfers_of(alice)
    quote = _quote(alice, "send 25 to savings")

    reply = respond(alice, text, pending=quote, classify=pinned("unknown", 0.2))

    assert transfers_of(alice) == count + 1
    assert reply.actions[0]["amount_cents"] == 2_500


@pytest.mark.parametrize(
    ("text", "cents"), [("yes but make it 50", 5_000), ("no wait, make it 40", 4_000), ("sorry, 35 not 25", 3_500)]
)
def test_correction_reads_back_again_without_moving_money(alice: Customer, text: str, cents: int) -> None:
    before, count = balances_of(alice), transfers_of(alice)
    quote = _quote(alice, "send 25 to savings")

    reply = respond(alice, text, pending=quote, classify=pinned("confirm"))

    assert (balances_of(alice), transfers_of(alice)) == (before, count)
    assert reply.pending is not None
    assert (reply.pending.stage, reply.pending.slots["amount"]) == ("confirm", {"money": cents})
    assert reply.pending.key != quote.key
    assert f"- **Amount:** {format_cents(cents)}\n" in reply.content


@pytest.mark.parametrize(
    ("text", "reason"),
    [("minus fifty pounds", "can't be negative"), ("0.5p", "smallest amount"), ("£0", "more than zero")],
)
def test_refused_amount_says_why_and_asks_again(alice: Customer, text: str, reason: str) -> None:
    reply = start(alice, "transfer", f"send {text} to savings")

    assert reason in reply.content
    assert reply.pending is not None
    assert (reply.pending.stage, reply.pending.asking) == ("collect", "amount")
    assert "amount" not in reply.pending.slots


@pytest.mark.parametrize(("text", "cents"), [("twenty five pounds", 2_500), ("5 hundred pounds", 50_000)])
def test_amount_in_words_is_read_right(alice: Customer, text: str, cents: int) -> None:
    quote = _quote(alice, f"send {text} to savings")

    assert quote.slots["amount"] == {"money": cents}


def test_yes_to_step_stored_by_old_specialist_reads_back_again_without_moving_money(alice: Customer) -> None:
    checking, savings = account_of(alice, "checking"), account_of(alice, "savings")
    count = transfers_of(alice)
    old_shape = {"amount_cents": 4_000, "target": {"type": "account", "id": savings.id}, "source_id": checking.id}
    stored = PendingStep(flow="transfer", stage="confirm", slots=old_shape, key="chat-" + "a" * 32)

    reply = respond(alice, "yes", pending=stored)  # a conversation left waiting across the upgrade

    assert transfers_of(alice) == count
    assert reply.content == "I still need a few details. How much would you like to send? (Say **cancel** to stop.)"
    assert reply.pending == PendingStep(flow="transfer", stage="collect", asking="amount")


def test_confirm_step_without_key_is_read_back_again(alice: Customer) -> None:
    quote = _quote(alice, "send 40 to savings")
    count = transfers_of(alice)

    reply = run(alice, Confirm(), text="yes", pending=PendingStep("transfer", "confirm", quote.slots))

    assert transfers_of(alice) == count
    assert reply.pending is not None
    assert (reply.pending.stage, reply.pending.slots) == ("confirm", quote.slots)
    assert reply.pending.key.startswith("chat-")
    assert "- **Amount:** £40.00\n" in reply.content


# --- two transfers in one message: one read-back and one yes each, in order ------------------

TWO_TRANSFERS = "send bob 20 and pay the landlord 15"


def _two_read_back(customer: Customer, text: str = TWO_TRANSFERS) -> Reply:
    reply = respond(customer, text, classify=pinned("transfer_money", 0.95))
    assert reply.pending is not None
    assert reply.pending.after is not None
    return reply


def test_two_transfers_in_one_message_read_back_the_first_and_queue_the_second(alice: Customer) -> None:
    count = transfers_of(alice)

    reply = _two_read_back(alice)

    assert reply.content.count("Please confirm this transfer") == 1
    assert "- **Amount:** £20.00\n" in reply.content
    assert "- **To:** Bob Brown" in reply.content
    assert "Then your transfer of £15.00 to Landlord - Oak Estates: I'll read it back for its own **yes**" in (
        reply.content
    )
    assert reply.pending is not None
    assert reply.pending.after is not None
    assert (reply.pending.stage, reply.pending.after.stage) == ("confirm", "queued")
    assert reply.pending.after.key == ""  # nothing it could be sent with before its own read-back
    assert transfers_of(alice) == count


def test_yes_sends_only_the_first_and_reads_back_the_second(alice: Customer) -> None:
    count = transfers_of(alice)
    waiting = _two_read_back(alice).pending

    first = respond(alice, "yes", pending=waiting)

    assert transfers_of(alice) == count + 1
    assert first.content.startswith("Done! I've sent **£20.00** from Everyday Checking to Bob Brown.")
    assert "**Next:** Please confirm this transfer:" in first.content
    assert "- **Amount:** £15.00\n" in first.content
    assert first.pending is not None
    assert (first.pending.stage, first.pending.after) == ("confirm", None)

    second = respond(alice, "yes", pending=first.pending)

    assert transfers_of(alice) == count + 2
    assert second.content.startswith("Done! I've sent **£15.00** from Everyday Checking to Landlord - Oak Estates.")
    assert second.pending is None


def test_no_to_the_first_of_two_transfers_reads_back_the_second(alice: Customer) -> None:
    count = transfers_of(alice)
    waiting = _two_read_back(alice, "move 50 to savings and pay bob 10").pending

    reply = respond(alice, "no", pending=waiting)

    assert reply.content.startswith("Okay, I've cancelled that transfer. No money was moved.")
    assert "**Next:** Please confirm this transfer:" in reply.content
    assert "- **To:** Bob Brown" in reply.content
    assert transfers_of(alice) == count


def test_cancel_both_moves_no_money_and_leaves_nothing_waiting(alice: Customer) -> None:
    count = transfers_of(alice)
    waiting = _two_read_back(alice).pending

    reply = respond(alice, "cancel both", pending=waiting)

    assert reply.content == (
        "Okay, I've cancelled that transfer. No money was moved. The request waiting after it is cancelled too."
    )
    assert reply.pending is None
    assert transfers_of(alice) == count


def test_correction_amends_the_first_and_keeps_the_second_queued(alice: Customer) -> None:
    waiting = _two_read_back(alice).pending

    reply = respond(alice, "no wait make it 40", pending=waiting)

    assert "- **Amount:** £40.00\n" in reply.content
    assert reply.pending is not None
    assert reply.pending.after is not None
    assert reply.pending.after.stage == "queued"


def test_yes_to_a_queued_step_only_reads_it_back(alice: Customer) -> None:
    count = transfers_of(alice)
    queued = PendingStep(
        "transfer", "queued", {"amount": {"money": 1_500}, "target": {"account": account_of(alice, "savings").id}}
    )

    reply = run(alice, Confirm(), text="yes", pending=queued)

    assert "Please confirm this transfer:" in reply.content
    assert reply.pending is not None
    assert reply.pending.stage == "confirm"
    assert transfers_of(alice) == count


def test_second_transfer_is_checked_against_the_balance_the_first_left(alice: Customer) -> None:
    with settings_env(BANKCHAT_APPROVAL_THRESHOLD_CENTS="500000"):  # no passkey needed: the point is the balance
        waiting = _two_read_back(alice, "send bob 2000 and pay the landlord 1000").pending
        warned = respond(alice, "yes", pending=waiting)  # a first payment to bob over £500: the scam warning first
        assert "first payment" in warned.content

        reply = respond(alice, "yes", pending=warned.pending)

    assert "Done! I've sent **£2,000.00**" in reply.content
    assert "**Next:** Not enough money" in reply.content
    assert reply.pending is not None
    assert (reply.pending.stage, reply.pending.asking) == ("collect", "amount")


def test_a_first_large_payment_to_a_payee_is_warned_then_sent_on_the_second_yes(alice: Customer) -> None:
    """Scam friction: above ``scam_warning_cents`` the first yes shows the warning and sends nothing; the step
    waits, warned and held (a bare "ok" is no yes), and the second clear yes sends it once."""
    pending = _quote(alice, "send 600 to bob")
    before = transfers_of(alice)
    warned = _yes(alice, pending)
    assert "first payment" in warned.content
    assert warned.pending is not None
    assert warned.pending.warned
    assert warned.pending.held
    assert transfers_of(alice) == before
    assert respond(alice, "ok", pending=warned.pending).pending == warned.pending
    assert transfers_of(alice) == before
    sent = _yes(alice, warned.pending)
    assert "Done!" in sent.content
    assert transfers_of(alice) == before + 1
    again = _yes(alice, _quote(alice, "send 700 to bob"))  # paid before: no warning this time
    assert "Done!" in again.content


@pytest.mark.parametrize(
    ("text", "warned"),
    [
        ("send 500 to bob", False),  # the threshold itself is not above it
        ("send 500.01 to bob", True),
        ("move 900 to savings", False),  # one's own account is no scam
    ],
)
def test_only_a_payment_to_a_payee_above_the_threshold_is_warned(alice: Customer, text: str, warned: bool) -> None:
    reply = _yes(alice, _quote(alice, text))
    assert ("first payment" in reply.content) is warned, reply.content
    assert ("Done!" in reply.content) is not warned


def test_the_threshold_is_a_setting(alice: Customer) -> None:
    with settings_env(BANKCHAT_SCAM_WARNING_CENTS="0"):
        reply = _yes(alice, _quote(alice, "send 1 to priya"))
    assert "first payment" in reply.content
