"""Counts, categories, merchants and directions read from requests."""

from __future__ import annotations

import pytest

from bankchat.agents import slots


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("show my last 5 transactions", 5),
        ("latest 3", 3),
        ("last 500 payments", 50),
        ("hi", 10),
        ("my 3 biggest payments last month", 3),
        ("the 2 most recent ones", 2),
        ("£3 biggest", 10),
    ],
)
def test_count_asked_reads_number_within_bounds(text: str, count: int) -> None:
    assert slots.count_asked(text) == count


def test_count_asked_ignores_day_counts() -> None:
    assert slots.count_asked("transactions in the last 30 days") == 10


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("how much on groceries", "groceries"),
        ("eating out last month", "dining"),
        ("my coffee spending", "coffee"),
        ("uber rides", "transport"),
        ("what's my balance", None),
    ],
)
def test_category_in_maps_words(text: str, category: str | None) -> None:
    assert slots.category_in(text) == category


def test_merchant_in_prefers_known_names() -> None:
    known = ["Netflix", "Pret A Manger", "Tesco", "Sainsbury's"]
    assert slots.merchant_in("what did I pay netflix", known) == "Netflix"
    assert slots.merchant_in("coffee at pret", known) == "Pret A Manger"
    assert slots.merchant_in("sainsburys last week", known) == "Sainsbury's"
    assert slots.merchant_in("rent", known) is None


@pytest.mark.parametrize(
    ("text", "merchant"),
    [
        ("how much at tescos", "Tesco"),
        ("spent at waitroze last month", "Waitrose"),
        ("what did i pay netflx", "Netflix"),
        ("how much on shopping", None),  # an ordinary word near no merchant
        ("uebr rides", None),  # names under five letters forgive no typo here
    ],
)
def test_merchant_in_forgives_a_typo_of_a_longer_name(text: str, merchant: str | None) -> None:
    assert slots.merchant_in(text, ["Tesco", "Waitrose", "Netflix", "Uber", "Shell"]) == merchant


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("money I received", "in"),
        ("what I spent", "out"),
        ("transactions", None),
        ("and what came in", "in"),
        ("whats gone out this week", "out"),
        ("what went out", "out"),
        ("what came into my savings", None),
    ],
)
def test_direction_in_reads_money_in_or_out(text: str, direction: str | None) -> None:
    assert slots.direction_in(text) == direction


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("send £25 to mum for her birthday", "Mum"),
        ("send 20 to my sister", "Your sister"),
        ("send it to her", None),
        ("move 50 to savings", None),
        ("transfer 50 to my other account", None),
        ("pay bob 20", "Bob"),
        ("send mum 15 for pizza", "Mum"),  # the name before the amount
        ("pay it off", None),
        ("i need to pay my rent every month, 700 to landlord", "Landlord"),
        ("i want to set up a payment", None),
    ],
)
def test_recipient_named_in_the_message_s_own_words(text: str, named: str | None) -> None:
    assert slots.recipient_named(text) == named


@pytest.mark.parametrize(
    ("text", "left_out"),
    [
        ("spending this month not counting rent", ("rent", "spending this month")),
        ("how much did i spend last month excluding groceries", ("groceries", "how much did i spend last month")),
        ("everything except the bills this year", ("bills", "everything this year")),
        ("show my spending apart from amazon, please", ("amazon", "show my spending , please")),
        ("how much did i spend on rent", None),
    ],
)
def test_left_out_reads_what_a_total_leaves_out(text: str, left_out: tuple[str, str] | None) -> None:
    assert slots.left_out(text) == left_out
