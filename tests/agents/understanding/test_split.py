"""Splitting a message into requests of their own: only when every part is understood and they differ."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bankchat.agents.router import Route
from bankchat.agents.understanding.split import MAX_PARTS, ellipsis, shared_amount, split_requests

KNOWN = {
    "balance": "check_balance",
    "freeze": "freeze_card",
    "transactions": "list_transactions",
    "send": "transfer_money",
    "pay": "transfer_money",
}


def _classify(text: str) -> Route:
    """The intent of the first key word in ``text``, sure of it; "unknown" and unsure otherwise."""
    found = next((intent for word, intent in KNOWN.items() if word in text.lower()), None)
    return Route(found, 0.95) if found else Route("unknown", 0.2)


def _actionable(route: Route) -> bool:
    return route.intent != "unknown"


def _split(text: str, classify: Callable[[str], Route] = _classify) -> list[str]:
    return split_requests(text, classify, _actionable)


def test_split_two_requests_joined_by_and_also() -> None:
    assert _split("check my balance and also freeze my debit card") == ["check my balance", "freeze my debit card"]


def test_split_at_semicolon_and_sentence_end() -> None:
    assert _split("check my balance; freeze my card") == ["check my balance", "freeze my card"]
    assert _split("check my balance, and freeze my card") == ["check my balance", "freeze my card"]
    assert _split("Check my balance. Then freeze my card!") == ["Check my balance", "freeze my card!"]


def test_a_lead_in_word_is_no_part() -> None:
    assert _split("oh and is my balance ok? also freeze my card") == ["is my balance ok?", "freeze my card"]
    assert _split("btw, check my balance and freeze my card") == ["check my balance", "freeze my card"]
    assert _split("and my balance?") == ["and my balance?"]  # one request: the message as it was


def test_split_at_texting_joiners() -> None:
    assert _split("check my balance & freeze my card") == ["check my balance", "freeze my card"]
    assert _split("check balance n freeze my card") == ["check balance", "freeze my card"]


def test_split_a_list_on_commas_but_never_inside_a_number() -> None:
    text = "send mum 10, alice 5 and 20 to savings"
    assert split_requests(text, _classify, _actionable, _names_a_number) == ["send mum 10", "alice 5", "20 to savings"]
    assert _split("send 1,500 to savings") == ["send 1,500 to savings"]


def test_split_comma_joins_no_other_requests() -> None:
    text = "check my balance, freeze my card"
    assert split_requests(text, _classify, _actionable, _names_a_number) == [text]


def test_split_three_requests_in_order() -> None:
    text = "show my transactions, then my balance, plus freeze my card"
    assert _split(text) == ["show my transactions", "my balance", "freeze my card"]


def test_split_one_request_without_joiner_stays_whole() -> None:
    assert _split("what is my balance") == ["what is my balance"]


def test_split_part_not_understood_keeps_message_whole() -> None:
    text = "savings and checking balance"
    assert _split(text) == [text]  # "savings" alone is no request


def test_split_same_intent_twice_keeps_message_whole() -> None:
    text = "balance of savings and balance of checking"
    assert _split(text) == [text]


def _names_a_number(part: str, route: Route) -> bool:
    return any(ch.isdigit() for ch in part)


def test_split_same_intent_twice_when_each_part_stands_alone() -> None:
    text = "send bob 20 and then pay alice 15"
    assert split_requests(text, _classify, _actionable, _names_a_number) == ["send bob 20", "pay alice 15"]


def test_split_same_intent_twice_keeps_whole_when_one_part_leans_on_the_other() -> None:
    text = "send 20 from checking and send it to savings"
    assert split_requests(text, _classify, _actionable, _names_a_number) == [text]


def test_split_short_part_takes_the_verb_before_it_when_complete_with_it() -> None:
    text = "send bob 20 and priya 15"
    assert split_requests(text, _classify, _actionable, _names_a_number) == ["send bob 20", "priya 15"]


def test_split_part_of_money_only_is_no_request() -> None:
    for text in ("send bob 20 pounds and 50p", "pay bob £20 and £5"):
        assert split_requests(text, _classify, _actionable, _names_a_number) == [text]


def test_split_unsure_part_keeps_message_whole() -> None:
    def unsure(part: str) -> Route:
        return Route(_classify(part).intent, 0.4)

    text = "check my balance and freeze my card"
    assert _split(text, unsure) == [text]


def test_split_too_many_parts_keeps_message_whole() -> None:
    text = " and ".join(["check my balance", "freeze my card", "show transactions", "balance again"])
    assert MAX_PARTS == 3
    assert _split(text) == [text]


def test_a_part_that_points_back_goes_on_telling_the_first() -> None:
    assert _split("mum sent me money for the balance and it's not showing in my transactions") == [
        "mum sent me money for the balance and it's not showing in my transactions"
    ]
    assert _split("i need to send money. it's not letting me freeze it") == [
        "i need to send money. it's not letting me freeze it"
    ]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("pay mum and alice 10 each", "pay mum 10 and alice 10"),
        ("send bob & priya £25", "send bob £25 and priya £25"),
        ("pay to mum and alice 5 quid each", "pay mum 5 quid and alice 5 quid"),
    ],
)
def test_one_amount_after_two_names_is_each_ones(text: str, written: str) -> None:
    assert shared_amount(text) == written


@pytest.mark.parametrize(
    "text", ["pay mum 25 & alice 10", "send 20 to savings and checking", "transfer checking and savings"]
)
def test_anything_else_is_left_as_it_is(text: str) -> None:
    assert shared_amount(text) == text


def test_a_one_word_part_is_a_request_only_when_understood_surely() -> None:
    def classify(text: str) -> Route:
        sure = {"show me your fees": Route("fees", 0.95), "transactions": Route("list_transactions", 0.95)}
        return sure.get(text, Route("report_fraud", 0.66))

    assert split_requests("show me your fees and charges", classify, _actionable) == ["show me your fees and charges"]
    assert split_requests("show me your fees and transactions", classify, _actionable) == [
        "show me your fees",
        "transactions",
    ]


def test_split_never_at_the_and_of_between() -> None:
    """ "between A and B" names one thing: with a joiner that would split it, the message stays whole."""
    assert _split("what's the rate between pounds and dollars") == ["what's the rate between pounds and dollars"]
    assert _split("balance between savings and freeze stuff") == ["balance between savings and freeze stuff"]
    assert _split("check my balance and freeze my card") == ["check my balance", "freeze my card"]


@pytest.mark.parametrize(
    ("text", "head", "tail"),
    [
        (
            "how much did i spend on groceries last month and also on coffee",
            "how much did i spend on groceries last month",
            "on coffee",
        ),
        (
            "how much did i spend at tesco this month and also how much on uber",
            "how much did i spend at tesco this month",
            "on uber",
        ),
        ("how much did i spend at tesco and how much at uber", "how much did i spend at tesco", "at uber"),
        ("spent on groceries and what did i spend on coffee last month", "spent on groceries", "on coffee last month"),
    ],
)
def test_ellipsis_splits_off_a_short_second_question(text: str, head: str, tail: str) -> None:
    assert ellipsis(text) == (head, tail)


def test_no_ellipsis_without_a_short_tail() -> None:
    assert ellipsis("how much did i spend at tesco and what is my balance") is None


@pytest.mark.parametrize(
    "text", ["whats my balance on savings n checking", "balance of checking and my savings account"]
)
def test_a_second_account_named_is_no_request_of_its_own(text: str) -> None:
    sure = lambda part: Route("check_balance" if "balance" in part else "deposit_cheque", 0.95)  # noqa: E731
    assert _split(text, sure) == [text]


def test_ellipsis_of_a_period_is_the_same_question_for_it() -> None:
    assert ellipsis("what did i spend on coffee this week and last week") == (
        "what did i spend on coffee this week",
        "last week",
    )
