"""Topics named by one detail: without the detail, the classifier's pick goes to the sibling the message describes."""

from __future__ import annotations

import pytest

from bankchat.agents.understanding.evidence import sibling


@pytest.mark.parametrize(
    "text", ["can i get a virtual card for online shopping", "how do I order a digital card", "virtual card pls"]
)
def test_virtual_card_without_disposable_is_the_plain_virtual_card(text: str) -> None:
    assert sibling("get_disposable_virtual_card", text) == "getting_virtual_card"


@pytest.mark.parametrize(
    "text",
    ["can I get a disposable virtual card", "a single-use virtual card for one website", "one time virtual card"],
)
def test_disposable_virtual_card_stays(text: str) -> None:
    assert sibling("get_disposable_virtual_card", text) is None


def test_pick_without_the_sibling_words_stays() -> None:
    assert sibling("get_disposable_virtual_card", "how do these cards work?") is None  # says neither


@pytest.mark.parametrize(
    ("picked", "text"),
    [
        ("balance_not_updated_after_cheque_or_cash_deposit", "my mum sent me money yesterday, it's not showing"),
        ("transfer_not_received_by_recipient", "money sent to me hasnt arrived"),
        ("transfer_not_received_by_recipient", "where is the money my dad sent me"),
        ("receiving_money", "my friend transferred me money but i cant see it"),
        ("receiving_money", "my boss paid me but its not in my account"),
    ],
)
def test_money_sent_to_the_customer_not_there_is_a_bank_transfer_not_showing(picked: str, text: str) -> None:
    assert sibling(picked, text) == "balance_not_updated_after_bank_transfer"


@pytest.mark.parametrize(
    ("picked", "text"),
    [
        ("balance_not_updated_after_cheque_or_cash_deposit", "I paid in a cheque my mum sent me, not showing yet"),
        ("balance_not_updated_after_cheque_or_cash_deposit", "deposited cash at the atm, where is it"),
        ("transfer_not_received_by_recipient", "i sent money to my friend and he hasnt got it"),
        ("receiving_money", "can my friend send me money if it is not in US dollars?"),
        ("receiving_money", "how do I receive money from abroad"),
    ],
)
def test_deposits_payments_out_and_how_to_questions_keep_their_topic(picked: str, text: str) -> None:
    assert sibling(picked, text) is None


def test_other_picks_are_never_moved() -> None:
    assert sibling("card_arrival", "my mum sent me a virtual card, it's not here yet") is None


@pytest.mark.parametrize(
    "text",
    [
        "theres a payment i dont recognise from amazon",
        "what is this charge i didnt do it",
        "someone else charged my card!",
        "a debit card payment I don't recognise",
    ],
)
def test_unrecognised_payment_without_direct_debit_words_is_a_card_payment(text: str) -> None:
    assert sibling("direct_debit_payment_not_recognised", text) == "card_payment_not_recognised"


@pytest.mark.parametrize(
    "text",
    [
        "a direct debit I don't recognise",
        "there's a DD on my account i never set up",
        "unknown standing order",
        "the debit card",  # says nothing is wrong: never a fraud report (the fraud flow freezes the card)
        "my debit card",
    ],
)
def test_unrecognised_direct_debit_stays(text: str) -> None:
    assert sibling("direct_debit_payment_not_recognised", text) is None


@pytest.mark.parametrize(
    "text", ["will my debit card go bad any time soon", "my card works until what month?", "is my card out of date"]
)
def test_a_cards_expiry_in_plain_words_is_not_its_delivery(text: str) -> None:
    assert sibling("card_delivery_estimate", text) == "card_about_to_expire"


@pytest.mark.parametrize(
    "text", ["my new card expired before it arrived", "how long will the replacement for my expired card take to come"]
)
def test_a_delivery_question_about_an_expired_card_stays(text: str) -> None:
    assert sibling("card_delivery_estimate", text) is None
