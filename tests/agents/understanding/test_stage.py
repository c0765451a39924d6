"""The understanding stage's logic: which commands a message gives, with and without a waiting step.

The classifier is pinned (``Context.classify``) where the point is the stage's own rules; the
real one is used where the point is that the whole stage reads a phrasing right.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest
from sqlmodel import Session as Db

from bankchat.agents.router import Route
from bankchat.agents.types import Customer, PendingStep, Subject
from bankchat.agents.understanding import Command, Context, understand
from bankchat.agents.understanding.commands import (
    Cancel,
    ChitChat,
    Clarify,
    Confirm,
    HandOff,
    Hold,
    Knowledge,
    OutOfScope,
    SetSlots,
    StartFlow,
)
from bankchat.agents.understanding.rules import VAGUE_OPTIONS
from tests.agents.customers import SEED_DAY

TRANSFER_READ_BACK = PendingStep(
    "transfer", "confirm", {"amount": {"money": 4_000}, "target": {"account": 2}, "source": {"account": 1}}, "chat-k"
)
TRANSFER_ASKING = PendingStep(
    "transfer", "collect", {"target": {"account": 2}, "source": {"account": 1}}, asking="amount"
)
CARD_CHOICE = PendingStep("freeze_card", "collect", asking="card")
GROCERIES = Subject(
    "spending_summary", {"category": "groceries", "period": {"period": ["2025-02-01", "2025-02-28", "last month"]}}
)


def pinned(
    intent: str, confidence: float = 0.9, alternatives: tuple[tuple[str, float], ...] = ()
) -> Callable[[str], Route]:
    """A classifier that answers ``intent`` to everything."""
    return lambda text: Route(intent, confidence, alternatives)


def by_words(routes: Mapping[str, str], confidence: float = 0.95) -> Callable[[str], Route]:
    """A classifier that answers the intent of the first key word found in the text ("unknown" otherwise)."""

    def classify(text: str) -> Route:
        found = next((intent for word, intent in routes.items() if word in text.lower()), None)
        return Route(found, confidence) if found else Route("unknown", 0.1)

    return classify


def commands(
    db: Db,
    customer: Customer,
    text: str,
    *,
    pending: PendingStep | None = None,
    last: Subject | None = None,
    classify: Callable[[str], Route] | None = None,
) -> list[Command]:
    context = Context(db=db, owner=customer.user_id, today=SEED_DAY, pending=pending, last=last, classify=classify)
    return understand(text, context)


# --- nothing waiting ----------------------------------------------------------------


def test_request_starts_its_flow(db: Db, alice_bank: Customer) -> None:
    text = "what's my balance"
    assert commands(db, alice_bank, text, classify=pinned("check_balance", 0.8)) == [
        StartFlow("check_balance", text, 0.8)
    ]


@pytest.mark.parametrize("kind", ["greeting", "thanks", "goodbye", "help"])
def test_chit_chat_is_answered_as_such(db: Db, alice_bank: Customer, kind: str) -> None:
    assert commands(db, alice_bank, "whatever it is", classify=pinned(kind, 0.7)) == [ChitChat(kind, 0.7)]


def test_are_you_a_bot_is_a_rule_whatever_the_classifier(db: Db, alice_bank: Customer) -> None:
    got = commands(db, alice_bank, "am I talking to a real person?", classify=pinned("human_handoff"))
    assert got == [ChitChat("bot_identity", 1.0)]


@pytest.mark.parametrize("text", ["can i get my statment for october", "statment pls"])
def test_rules_read_the_message_with_typos_mended(db: Db, alice_bank: Customer, text: str) -> None:
    got = commands(db, alice_bank, text, classify=pinned("out_of_scope", 0.9))
    assert got == [StartFlow("statement", text, 1.0)]  # the rule, not the classifier's "not banking"


def test_the_classifier_is_given_the_message_as_written(db: Db, alice_bank: Customer) -> None:
    read: list[str] = []
    commands(db, alice_bank, "wat can u do", classify=lambda text: read.append(text) or Route("help", 0.9))
    assert read == ["wat can u do"]  # a pinned classifier reads the words; the router spells them out itself


def test_yes_with_nothing_waiting_is_chit_chat(db: Db, alice_bank: Customer) -> None:
    assert commands(db, alice_bank, "yes") == [ChitChat("confirm", 1.0)]  # the router's rule: "nothing waiting"


def test_classifier_yes_with_nothing_waiting_says_so(db: Db, alice_bank: Customer) -> None:
    classify = pinned("confirm", 0.6, (("confirm", 0.6), ("check_balance", 0.2), ("fees", 0.05)))
    assert commands(db, alice_bank, "that one sounds fine I guess", classify=classify) == [ChitChat("confirm", 0.6)]


def test_topic_is_a_knowledge_question(db: Db, alice_bank: Customer) -> None:
    text = "when will my new card come"
    assert commands(db, alice_bank, text, classify=pinned("card_arrival", 0.8)) == [Knowledge("card_arrival", 0.8)]


def test_topic_without_its_defining_detail_is_its_sibling(db: Db, alice_bank: Customer) -> None:
    text = "can i get a virtual card for online shopping"
    got = commands(db, alice_bank, text, classify=pinned("get_disposable_virtual_card", 0.9))
    assert got == [Knowledge("getting_virtual_card", 0.9)]


def test_person_asked_for_is_a_hand_off(db: Db, alice_bank: Customer) -> None:
    assert commands(db, alice_bank, "get me someone", classify=pinned("human_handoff", 0.85)) == [HandOff(0.85)]


def test_outside_banking_is_out_of_scope(db: Db, alice_bank: Customer) -> None:
    assert commands(db, alice_bank, "what's the weather", classify=pinned("out_of_scope", 0.9)) == [OutOfScope(0.9)]


def test_unsure_guess_gets_clarifying_question(db: Db, alice_bank: Customer) -> None:
    classify = pinned("check_balance", 0.3, (("transfer_money", 0.2), ("fees", 0.05)))

    (command,) = commands(db, alice_bank, "money thing", classify=classify)

    assert command == Clarify(("check_balance", "transfer_money"), 0.3, "check_balance")


def test_vague_request_offers_the_main_flows(db: Db, alice_bank: Customer) -> None:
    (command,) = commands(db, alice_bank, "I need help with my account", classify=pinned("card_arrival", 0.9))

    assert isinstance(command, Clarify)
    assert (command.options, command.intent) == (VAGUE_OPTIONS, "vague")


def test_wanting_to_act_beats_a_topic(db: Db, alice_bank: Customer) -> None:
    text = "I'd like to make a transfer"
    got = commands(db, alice_bank, text, classify=pinned("transfer_timing", 0.6))
    assert got == [StartFlow("transfer", text, 0.9)]


def test_two_requests_give_two_commands_in_order(db: Db, alice_bank: Customer) -> None:
    classify = by_words({"balance": "check_balance", "freeze": "freeze_card"})

    got = commands(db, alice_bank, "check my balance and freeze my debit card", classify=classify)

    assert got == [
        StartFlow("check_balance", "check my balance", 0.95),
        StartFlow("freeze_card", "freeze my debit card", 0.95, fresh=True),
    ]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("send bob 20 and send alice 15", ["send bob 20", "send alice 15"]),
        ("move 50 to savings and pay bob 10", ["move 50 to savings", "pay bob 10"]),
        ("pay the landlord 100, then 20 to bob", ["pay the landlord 100", "20 to bob"]),
    ],
)
def test_two_transfers_with_their_own_amounts_give_two_commands_in_order(
    db: Db, alice_bank: Customer, text: str, parts: list[str]
) -> None:
    got = commands(db, alice_bank, text, classify=pinned("transfer_money", 0.95))

    assert [(c.flow, c.text, c.fresh) for c in got if isinstance(c, StartFlow)] == [
        ("transfer", parts[0], False),
        ("transfer", parts[1], True),
    ]
    assert len(got) == 2


def test_second_transfer_may_leave_its_verb_to_the_first(db: Db, alice_bank: Customer) -> None:
    got = commands(db, alice_bank, "send bob 20 and priya 15", classify=by_words({"send": "transfer_money"}))

    assert [(c.flow, c.text, c.fresh) for c in got if isinstance(c, StartFlow)] == [
        ("transfer", "send bob 20", False),
        ("transfer", "priya 15", True),
    ]


@pytest.mark.parametrize(
    "text", ["send 20 from checking and put it in savings", "send 20 to bob and alice", "pay bob and then alice 20"]
)
def test_one_transfer_in_two_parts_stays_one_command(db: Db, alice_bank: Customer, text: str) -> None:
    got = commands(db, alice_bank, text, classify=pinned("transfer_money", 0.95))

    assert got == [StartFlow("transfer", text, 0.95)]


def test_cancel_both_cancels_the_queue_too(db: Db, alice_bank: Customer) -> None:
    assert commands(db, alice_bank, "cancel both", pending=TRANSFER_READ_BACK) == [Cancel(everything=True)]
    assert commands(db, alice_bank, "no", pending=TRANSFER_READ_BACK) == [Cancel()]


def test_urgent_request_comes_first(db: Db, alice_bank: Customer) -> None:
    classify = by_words({"balance": "check_balance", "stolen": "lost_or_stolen_card"})

    got = commands(db, alice_bank, "check my balance and my card was stolen", classify=classify)

    assert [(c.flow, c.text) for c in got if isinstance(c, StartFlow)] == [
        ("report_lost", "my card was stolen"),
        ("check_balance", "check my balance"),
    ]
    assert len(got) == 2


# --- a step is waiting ----------------------------------------------------------------


@pytest.mark.parametrize("pending", [TRANSFER_READ_BACK, TRANSFER_ASKING, CARD_CHOICE])
def test_clear_yes_confirms_and_clear_no_cancels(db: Db, alice_bank: Customer, pending: PendingStep) -> None:
    assert commands(db, alice_bank, "yes please", pending=pending, classify=pinned("deny")) == [Confirm()]
    assert commands(db, alice_bank, "no", pending=pending, classify=pinned("confirm")) == [Cancel()]


@pytest.mark.parametrize("text", ["is that right?", "hmm", "ok wait", "yes but later"])
def test_doubt_at_read_back_holds(db: Db, alice_bank: Customer, text: str) -> None:
    assert commands(db, alice_bank, text, pending=TRANSFER_READ_BACK, classify=pinned("confirm")) == [Hold()]


@pytest.mark.parametrize("text", ["make it 35", "from savings instead", "no wait, make it 40"])
def test_correction_sets_slots_of_waiting_step(db: Db, alice_bank: Customer, text: str) -> None:
    assert commands(db, alice_bank, text, pending=TRANSFER_READ_BACK, classify=pinned("confirm")) == [SetSlots(text)]


@pytest.mark.parametrize(("text", "read"), [("no, to bob", "no, to bob"), ("no not savings, bob", "no bob")])
def test_a_no_naming_another_value_changes_the_waiting_step(db: Db, alice_bank: Customer, text: str, read: str) -> None:
    assert commands(db, alice_bank, text, pending=TRANSFER_READ_BACK, classify=pinned("deny")) == [SetSlots(read)]


@pytest.mark.parametrize("text", ["no thanks", "no, cancel it to bob", "no not now"])
def test_a_no_naming_nothing_new_still_cancels(db: Db, alice_bank: Customer, text: str) -> None:
    assert commands(db, alice_bank, text, pending=TRANSFER_READ_BACK, classify=pinned("deny")) == [Cancel()]


def test_bare_amount_answers_the_question_asked(db: Db, alice_bank: Customer) -> None:
    assert commands(db, alice_bank, "40", pending=TRANSFER_ASKING, classify=pinned("unknown", 0.2)) == [SetSlots("40")]


def test_card_named_answers_which_card(db: Db, alice_bank: Customer) -> None:
    got = commands(db, alice_bank, "the debit one", pending=CARD_CHOICE, classify=pinned("unknown", 0.2))
    assert got == [SetSlots("the debit one")]


@pytest.mark.parametrize("text", ["the mastercard one ending in 6225 please", "its the debit card, the one i use most"])
def test_a_longer_statement_naming_the_card_answers_which_card(db: Db, alice_bank: Customer, text: str) -> None:
    got = commands(db, alice_bank, text, pending=CARD_CHOICE, classify=pinned("visa_or_mastercard", 0.9))
    assert got == [SetSlots(text)]


def test_a_question_naming_the_card_is_not_the_answer(db: Db, alice_bank: Customer) -> None:
    text = "what is the difference between a mastercard and a debit card?"
    got = commands(db, alice_bank, text, pending=CARD_CHOICE, classify=pinned("visa_or_mastercard", 0.9))
    assert got == [Knowledge("visa_or_mastercard", 0.9)]


def test_same_request_again_amends_the_waiting_step(db: Db, alice_bank: Customer) -> None:
    text = "send 50 to savings"
    got = commands(db, alice_bank, text, pending=TRANSFER_READ_BACK, classify=pinned("transfer_money", 0.95))
    assert got == [SetSlots(text)]


def test_other_request_leaves_the_waiting_step(db: Db, alice_bank: Customer) -> None:
    text = "show me everything I bought at Tesco"
    got = commands(db, alice_bank, text, pending=TRANSFER_READ_BACK, classify=pinned("list_transactions", 0.95))
    assert got == [StartFlow("search_transactions", text, 0.95)]


def test_urgent_request_pre_empts_the_waiting_step(db: Db, alice_bank: Customer) -> None:
    text = "my card is gone, left it on the bus"  # no rule claims it: the (pinned) classifier decides

    (command,) = commands(
        db, alice_bank, text, pending=TRANSFER_READ_BACK, classify=pinned("lost_or_stolen_card", 0.95)
    )

    assert isinstance(command, StartFlow)
    assert (command.flow, command.text, command.confidence) == ("report_lost", text, 0.95)


def test_classifier_yes_while_collecting_confirms_so_the_engine_asks_again(db: Db, alice_bank: Customer) -> None:
    got = commands(db, alice_bank, "yes I think", pending=TRANSFER_ASKING, classify=pinned("confirm", 0.7))
    assert got == [Confirm()]


def test_real_classifier_reads_the_waiting_step_right(db: Db, alice_bank: Customer) -> None:
    assert commands(db, alice_bank, "go ahead", pending=TRANSFER_READ_BACK) == [Confirm()]
    assert commands(db, alice_bank, "make it 35", pending=TRANSFER_READ_BACK) == [SetSlots("make it 35")]
    (balance,) = commands(db, alice_bank, "what's my balance?", pending=TRANSFER_READ_BACK)
    assert isinstance(balance, StartFlow)
    assert balance.flow == "check_balance"


# --- follow-ups to the last answer ------------------------------------------------------


def test_follow_up_inherits_the_last_subject(db: Db, alice_bank: Customer) -> None:
    text = "and what about coffee?"

    got = commands(db, alice_bank, text, last=GROCERIES, classify=pinned("spending_summary", 0.6))

    assert got == [StartFlow("spending_summary", text, 1.0, inherit=GROCERIES)]


def test_follow_up_the_month_before_moves_the_period(db: Db, alice_bank: Customer) -> None:
    (command,) = commands(db, alice_bank, "the month before?", last=GROCERIES, classify=pinned("unknown", 0.2))

    assert isinstance(command, StartFlow)
    assert command.inherit == Subject(
        "spending_summary",
        {"category": "groceries", "period": {"period": ["2025-01-01", "2025-01-31", "January 2025"]}},
    )


def test_request_of_its_own_is_no_follow_up(db: Db, alice_bank: Customer) -> None:
    text = "and freeze my card"
    assert commands(db, alice_bank, text, last=GROCERIES, classify=pinned("freeze_card", 0.95)) == [
        StartFlow("freeze_card", text, 0.95)
    ]


def test_follow_up_naming_only_an_account_asks_the_same_again(db: Db, alice_bank: Customer) -> None:
    balance = Subject("check_balance", {"accounts": {"accounts": [1]}})

    got = commands(db, alice_bank, "and savings?", last=balance, classify=pinned("transfer_money", 0.85))

    assert got == [StartFlow("check_balance", "and savings?", 1.0, inherit=balance)]


@pytest.mark.parametrize(
    ("flow", "expected"),
    [
        ("handoff", StartFlow("handoff_wait", "how long will that take?")),
        ("transfer", Knowledge("transfer_timing", 1.0)),
        ("report_lost", Knowledge("card_delivery_estimate", 1.0)),
    ],
)
def test_how_long_follows_what_was_just_done(db: Db, alice_bank: Customer, flow: str, expected: Command) -> None:
    got = commands(db, alice_bank, "how long will that take?", last=Subject(flow), classify=pinned("unknown", 0.2))
    assert got == [expected]


@pytest.mark.parametrize("intent", ["bot_identity", "human_handoff"])
def test_a_complaint_while_waiting_for_a_person_is_answered_with_the_queue(
    db: Db, alice_bank: Customer, intent: str
) -> None:
    text = "this bot is useless"
    got = commands(db, alice_bank, text, last=Subject("handoff"), classify=pinned(intent, 0.8))
    assert got == [StartFlow("handoff_wait", text)]
    asked = commands(db, alice_bank, "are you a bot?", last=Subject("handoff"), classify=pinned(intent, 0.8))
    assert asked == [ChitChat("bot_identity", 1.0)]  # the question itself is still answered


def test_follow_up_to_the_last_answer_while_a_step_waits_keeps_its_filters(db: Db, alice_bank: Customer) -> None:
    """ "and what about coffee?" after a spending answer, while "which card?" waits: last month's coffee."""
    text = "and what about coffee?"

    (got,) = commands(
        db, alice_bank, text, pending=CARD_CHOICE, last=GROCERIES, classify=pinned("spending_summary", 0.6)
    )

    assert isinstance(got, StartFlow)
    assert got.flow == "spending_summary"
    assert got.inherit is not None
    assert got.inherit.slots["period"] == GROCERIES.slots["period"]


def test_a_correction_while_a_transfer_waits_amends_it_not_the_last_answer(db: Db, alice_bank: Customer) -> None:
    got = commands(db, alice_bank, "and make it 40", pending=TRANSFER_READ_BACK, last=GROCERIES)
    assert got == [SetSlots("and make it 40")]


@pytest.mark.parametrize("intent", ["confirm", "out_of_scope"])
def test_an_order_to_pay_an_amount_is_a_transfer_not_a_yes(db: Db, alice_bank: Customer, intent: str) -> None:
    text = "i owe tom 15, can you send it"
    got = commands(db, alice_bank, text, classify=pinned(intent, 0.6))
    assert got == [StartFlow("transfer", text, 0.9)]
    assert commands(db, alice_bank, "ok send it", classify=pinned("confirm", 0.6)) == [ChitChat("confirm", 0.6)]


@pytest.mark.parametrize(
    ("text", "flow"),
    [
        ("can i get my statement for october", "statement"),
        ("statement pls", "statement"),
        ("show my transactions from october", "search_transactions"),
    ],
)
def test_statement_is_a_rule_and_transactions_stay_a_search(db: Db, alice_bank: Customer, text: str, flow: str) -> None:
    [command] = commands(db, alice_bank, text, classify=pinned("list_transactions", 0.9))

    assert isinstance(command, StartFlow)
    assert command.flow == flow


def test_a_card_named_after_a_freeze_freezes_that_card(db: Db, alice_bank: Customer) -> None:
    last = Subject("freeze_card", {"card": {"card": 1}})
    got = commands(db, alice_bank, "the visa one", last=last, classify=pinned("visa_or_mastercard", 0.93))
    assert got == [StartFlow("freeze_card", "the visa one")]  # the engine reads which card from the words


def test_undo_after_money_was_sent_is_the_cancelling_article(db: Db, alice_bank: Customer) -> None:
    last = Subject("transfer", {"amount": {"money": 2_000}, "target": {"account": 2}})
    assert commands(db, alice_bank, "undo that", last=last, classify=pinned("deny")) == [
        Knowledge("cancel_transfer", 1.0)
    ]
