"""Follow-ups: short messages that reuse the last answer's subject, and what they change in it."""

from __future__ import annotations

import pytest
from sqlmodel import Session as Db

from bankchat.agents.types import Customer, Subject
from bankchat.agents.understanding import followups
from tests.agents.customers import account_of, card_of


@pytest.mark.parametrize(
    "text",
    [
        "and coffee?",
        "what about eating out",
        "how about last week?",
        "the week before?",
        "and the other one?",
        "what was it last week",
        "same again to priya",
        "do the same for groceries",
    ],
)
def test_is_follow_up_short_message_with_a_cue(text: str) -> None:
    assert followups.is_follow_up(text)


@pytest.mark.parametrize(
    "text",
    [
        "what's my balance",
        "and then I would like to see every single transaction from my savings account last year",
        "coffee",
    ],
)
def test_is_follow_up_not_for_a_request_of_its_own(text: str) -> None:
    assert not followups.is_follow_up(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("how long will that take?", True), ("when will it arrive", True), ("how long is a piece of string", True)],
)
def test_asks_how_long(text: str, expected: bool) -> None:
    assert followups.asks_how_long(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("and savings?", True),
        ("what about bob", True),
        ("and for the credit card?", True),
        ("and freeze my card", False),
        ("and send bob 20", False),
        ("savings?", False),  # no cue: a request of its own
        ("and what about the one I opened last year for the house", False),
    ],
)
def test_names_only(text: str, expected: bool) -> None:
    assert followups.names_only(text) is expected


def test_asks_how_long_not_in_a_long_sentence() -> None:
    assert not followups.asks_how_long("how long does it usually take for an international transfer to reach Spain")


def test_resolve_week_before_moves_period_back_a_week(db: Db, alice_bank: Customer) -> None:
    last = Subject("search_transactions", {"period": {"period": ["2025-03-03", "2025-03-09", "last week"]}})

    got = followups.resolve(db, alice_bank.user_id, "the week before?", last)

    assert got == Subject(
        "search_transactions", {"period": {"period": ["2025-02-24", "2025-03-02", "24 February to 2 March"]}}
    )


def test_resolve_month_before_is_the_calendar_month(db: Db, alice_bank: Customer) -> None:
    last = Subject("spending_summary", {"category": "coffee", "period": {"period": ["2025-03-01", "2025-03-31", "x"]}})

    got = followups.resolve(db, alice_bank.user_id, "and the month before?", last)

    assert got.slots == {"category": "coffee", "period": {"period": ["2025-02-01", "2025-02-28", "February 2025"]}}


def test_resolve_compared_with_the_month_before_keeps_the_month(db: Db, alice_bank: Customer) -> None:
    last = Subject("spending_summary", {"category": "coffee", "period": {"period": ["2025-02-01", "2025-02-28", "x"]}})

    got = followups.resolve(db, alice_bank.user_id, "and compare with the month before", last)

    assert got.slots == last.slots  # February, compared with January (not January with December)


def test_resolve_the_other_account_is_checking_after_savings(db: Db, alice_bank: Customer) -> None:
    savings, checking = account_of(alice_bank, "savings"), account_of(alice_bank, "checking")
    last = Subject("check_balance", {"accounts": {"accounts": [savings.id]}})

    got = followups.resolve(db, alice_bank.user_id, "and the other one?", last)

    assert got == Subject("check_balance", {"accounts": {"accounts": [checking.id]}})


def test_resolve_the_other_card(db: Db, alice_bank: Customer) -> None:
    debit, credit = card_of(alice_bank, "debit"), card_of(alice_bank, "credit")

    got = followups.resolve(
        db, alice_bank.user_id, "the other card", Subject("freeze_card", {"card": {"card": debit.id}})
    )

    assert got.slots == {"card": {"card": credit.id}}


def test_resolve_without_reference_keeps_the_subject(db: Db, alice_bank: Customer) -> None:
    last = Subject("spending_summary", {"category": "groceries"})
    assert followups.resolve(db, alice_bank.user_id, "and coffee?", last) == last


def test_wait_topics_name_knowledge_articles() -> None:
    from bankchat.agents.knowledge import LABELS

    assert set(followups.WAIT_TOPICS.values()) <= set(LABELS)


LISTED = Subject("search_transactions", {}, tuple(Subject("transaction_details", {"n": n}) for n in (1, 2, 3)))


@pytest.mark.parametrize(
    ("text", "row"),
    [
        ("the 2nd one", 2),
        ("2nd", 2),
        ("second one please", 2),
        ("tell me more about the third", 3),
        ("what was the first payment?", 1),
        ("the last one", 3),
        ("number 2", 2),
        ("#3", 3),
        ("the top one", 1),
        ("what was the third?", 3),
        ("2nd please", 2),
    ],
)
def test_picked_names_a_row_of_the_last_list(text: str, row: int) -> None:
    picked = followups.picked(text, LISTED)
    assert picked is not None
    assert (picked.flow, picked.slots) == (LISTED.items[row - 1].flow, LISTED.items[row - 1].slots)
    assert picked.items == LISTED.items  # the list goes along with the row


@pytest.mark.parametrize(
    "text",
    [
        "last month",  # a period, not a row
        "what about last week",
        "the 5th one",  # past the end of the list
        "wait a second",
        "the first of the month",
        "and the first week of march?",
        "the second week",
        "top up my card",
        "show me the second page of my transactions from the first week of march please",  # too long
    ],
)
def test_picked_is_none_for_anything_else(text: str) -> None:
    assert followups.picked(text, LISTED) is None


def test_picked_needs_a_list() -> None:
    assert followups.picked("the 2nd one", Subject("check_balance", {})) is None


def test_subject_items_survive_their_json_form() -> None:
    assert Subject.from_json(LISTED.to_json()) == LISTED
    assert "items" not in Subject("check_balance", {}).to_json()  # no list, nothing stored


COFFEE = Subject("spending_summary", {"category": "coffee", "aggregate": {"aggregate": "total"}})


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("what was the biggest one?", 1),
        ("the cheapest", 1),
        ("show me the biggest payments", None),
        ("and the biggest", 1),
    ],
)
def test_extreme_of_last_reuses_the_filters(text: str, count: int | None) -> None:
    ranked = followups.extreme_of_last(text, COFFEE)
    assert ranked is not None
    assert ranked.flow == "search_transactions"
    assert ranked.slots.get("category") == "coffee"
    assert "aggregate" not in ranked.slots
    assert ranked.slots.get("count") == count


@pytest.mark.parametrize("text", ["what was the biggest one in march for rent", "biggest payments this year"])
def test_extreme_of_last_is_none_for_a_question_of_its_own(text: str) -> None:
    assert followups.extreme_of_last(text, COFFEE) is None


def test_extreme_of_last_needs_an_answer_about_transactions() -> None:
    assert followups.extreme_of_last("the biggest one", Subject("check_balance", {})) is None


@pytest.mark.parametrize(
    "text", ["list them", "ok show me those", "can you list the payments", "which ones were they?"]
)
def test_list_of_last_lists_the_total_just_given(text: str) -> None:
    listed = followups.list_of_last(text, COFFEE)
    assert listed is not None
    assert listed.flow == "search_transactions"
    assert listed.slots.get("category") == "coffee"
    assert "aggregate" not in listed.slots
    assert listed.slots.get("count") == followups.LIST_THEM_ROWS


@pytest.mark.parametrize("text", ["list my payees", "show me my balance", "which card is frozen"])
def test_list_of_last_is_none_for_a_request_of_its_own(text: str) -> None:
    assert followups.list_of_last(text, COFFEE) is None


def test_list_of_last_needs_an_answer_about_transactions() -> None:
    assert followups.list_of_last("list them", Subject("list_payees", {})) is None


def test_list_them_after_a_balance_is_every_account() -> None:
    last = Subject("check_balance", {"accounts": {"accounts": [2]}})
    assert followups.list_of_last("list them", last) == Subject("check_balance", {})


@pytest.mark.parametrize("text", ["what happens now", "ok what happens next?", "so what now", "now what"])
def test_what_happens_now_asks_about_the_wait(text: str) -> None:
    assert followups.asks_how_long(text)


@pytest.mark.parametrize(
    ("text", "last_flow", "flow"),
    [
        ("and what came in", "search_transactions", "search_transactions"),
        ("what came in", "spending_summary", "money_in"),
        ("and how much came in", "spending_summary", "money_in"),
        ("and what went out", "money_in", "search_transactions"),
        ("ok what went out then", "search_transactions", "search_transactions"),
    ],
)
def test_other_way_of_last_keeps_the_period(text: str, last_flow: str, flow: str) -> None:
    last = Subject(last_flow, {"period": "last_month", "direction": "out", "count": 5})
    other = followups.other_way_of_last(text, last)
    assert other is not None
    assert other.flow == flow
    assert other.slots.get("period") == "last_month"
    assert "direction" not in other.slots  # the words say it again


@pytest.mark.parametrize(
    ("text", "last_flow"),
    [("what came in", "check_balance"), ("and what came in from bob last year", "search_transactions")],
)
def test_other_way_of_last_is_none_elsewhere(text: str, last_flow: str) -> None:
    assert followups.other_way_of_last(text, Subject(last_flow, {})) is None


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("the visa one", True),
        ("my credit card too", True),
        ("and the one ending 6225", True),
        ("mastercard please", True),
        ("does the visa one work abroad", False),
        ("what is a visa card", False),
        ("the card", False),
    ],
)
def test_names_only_card_is_a_card_and_nothing_asked(text: str, only: bool) -> None:
    assert followups.names_only_card(text) is only


NAMED = {"what about deliveroo": "deliveroo", "and just eat?": "just eat", "what about it": None, "hi": None}


@pytest.mark.parametrize("text", [*NAMED, "and under 10?"])
def test_named_words_is_the_name_a_follow_up_says(text: str) -> None:
    assert followups.named_words(text) == NAMED.get(text)  # "and under 10?" is a size, no name


def test_at_merchant_replaces_what_was_asked_about() -> None:
    last = Subject("spending_summary", {"merchant": "Uber", "period": {"period": ["2025-02-01", "2025-02-28", "x"]}})
    assert followups.at_merchant(last, "deliveroo").slots == {"period": last.slots["period"], "merchant": "Deliveroo"}


@pytest.mark.parametrize(
    ("text", "undo"),
    [
        ("undo that", True),
        ("can you reverse it", True),
        ("oops cancel that transfer", True),
        ("how do i get my money back", True),
        ("cancel my netflix", False),
        ("stop paying spotify", False),
    ],
)
def test_asks_undo_of_what_was_just_sent(text: str, undo: bool) -> None:
    assert followups.asks_undo(text) is undo


ACCOUNT_ONLY = ("for savings", "and my checking account", "savings?")


@pytest.mark.parametrize("text", [*ACCOUNT_ONLY, "send it to savings"])
def test_names_only_account_is_an_account_and_nothing_asked(text: str) -> None:
    assert followups.names_only_account(text) is (text in ACCOUNT_ONLY)
