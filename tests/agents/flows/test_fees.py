"""The price list: quoted from the one facts table, found by the words customers use."""

from __future__ import annotations

import pytest

from bankchat.agents.flows.fees import ABROAD, PRICE_LIST, fees_named
from bankchat.agents.knowledge import fact


@pytest.mark.parametrize(
    ("question", "fee"),
    [
        ("what does an international payment cost?", "International payment (SWIFT)"),
        ("is it free to take cash out at an atm", "Cash machine withdrawal"),
        ("fee for changing foreign currency", "Currency exchange"),
        ("how much is a replacement card", "Replacement card"),
        ("do you charge a monthly account fee", "Monthly account fee"),
    ],
)
def test_fees_named_finds_the_fee_asked_about(question: str, fee: str) -> None:
    assert fees_named(question)[0].name == fee


def test_fees_named_nothing_named_is_empty() -> None:
    assert fees_named("hello there") == []


def test_prices_come_from_the_facts_table() -> None:
    atm = next(f for f in PRICE_LIST if f.name == "Cash machine withdrawal")
    assert fact("atm_free_allowance") in atm.quoted
    assert fact("atm_fee") in atm.quoted
    assert all("{" not in f.quoted for f in PRICE_LIST)


@pytest.mark.parametrize(
    ("question", "fee"),
    [
        ("whats the fee for using cash abroad", "Cash machine withdrawal"),
        ("getting cash overseas, is there a fee", "Cash machine withdrawal"),
        ("does it cost anything to send money abroad?", "International payment (SWIFT)"),
        ("what does it cost abroad", "International payment (SWIFT)"),
        ("is there a fee for topping up", "Top-up by card"),
    ],
)
def test_where_words_rank_below_the_service(question: str, fee: str) -> None:
    """ "abroad" says where, so the service named beside it wins; alone it still means a payment abroad."""
    assert fees_named(question)[0].name == fee


def test_a_payment_abroad_says_what_it_costs_and_who_can_make_it() -> None:
    text = ABROAD.format_map(
        {
            name: fact(name)
            for name in (
                "sepa_transfer_time",
                "swift_fee",
                "swift_transfer_time",
                "exchange_free_allowance",
                "exchange_fee",
            )
        }
    )
    assert fact("swift_fee") in text
    assert "I can't send a payment abroad" in text
    assert "**talk to a person**" in text
