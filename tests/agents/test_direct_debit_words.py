"""Asking to set up or stop a direct debit or a subscription, told apart from a dispute of one."""

from __future__ import annotations

import pytest

from bankchat.agents import direct_debit_words as words


@pytest.mark.parametrize(
    "text",
    [
        "how do i set up a direct debit",
        "cancel my netflix subscription",
        "stop my gym dd",
        "i want to cancel my gym membership",
        "can you stop my direct debit to the council",
    ],
)
def test_asks_direct_debit(text: str) -> None:
    assert words.asks_direct_debit(text)


@pytest.mark.parametrize(
    "text",
    [
        "there's a direct debit i don't recognise",
        "i cancelled my subscription but they still charge me",
        "how much do i spend on subscriptions",
        "cancel my card",
    ],
)
def test_not_asking_to_set_up_or_stop_one(text: str) -> None:
    assert not words.asks_direct_debit(text)


def test_sets_up_only_without_a_word_of_stopping() -> None:
    assert words.sets_up("set up a direct debit")
    assert not words.sets_up("stop the new subscription")
    assert words.stops("stop paying netflix")


@pytest.mark.parametrize(
    "text",
    [
        "what direct debits do i have",
        "show my direct debits",
        "list my subscriptions",
        "what are my direct debits",
        "which subscriptions am i paying for",
        "do i have any direct debits",
        "what do i pay every month",
        "what comes out of my account each month",
        "show my monthly bills",
    ],
)
def test_asks_for_own_direct_debits_as_a_list(text: str) -> None:
    assert words.asks_direct_debit(text)
    assert words.lists(text)


@pytest.mark.parametrize(
    "text",
    ["what are direct debits", "how do direct debits work", "cancel my netflix subscription", "set up a direct debit"],
)
def test_what_they_are_or_one_to_change_is_no_list(text: str) -> None:
    assert not words.lists(text)


@pytest.mark.parametrize(
    ("text", "only"),
    [
        ("list my subscriptions", True),
        ("my subs", True),
        ("what memberships do i have", True),
        ("show my direct debits and subscriptions", False),
        ("what do i pay every month", False),
        ("my direct debits", False),
    ],
)
def test_only_subscriptions_when_asked_by_that_name(text: str, only: bool) -> None:
    assert words.only_subscriptions(text) is only
