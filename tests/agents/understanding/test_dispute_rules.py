"""The dispute rules and words: a dispute of one payment vs clear fraud, the status question, reasons, picks."""

from __future__ import annotations

import pytest

from bankchat.agents import dispute_words
from bankchat.agents.understanding import rules


@pytest.mark.parametrize(
    "text",
    [
        "i dont recognise this payment",
        "theres a payment i don't recognize from amazon",
        "what is this £45.99 charge from amazon, i didn't buy that",
        "dispute the uber payment from yesterday",
        "I want to dispute a charge",
        "i was charged twice by tesco",
    ],
)
def test_disputes_payment(text: str) -> None:
    assert rules.disputes_payment(text)
    assert not rules.asks_dispute_status(text)


@pytest.mark.parametrize(
    "text",
    [
        "someone has been using my card",
        "someone has been using my card, there are payments i dont recognise",
        "there's a direct debit i don't recognise",
        "a cash withdrawal i dont recognise",
        "i want to dispute a fraudulent charge",
        "i think ive been scammed",
        "show my last 5 transactions",
    ],
)
def test_clear_fraud_and_other_requests_are_no_dispute(text: str) -> None:
    assert not rules.disputes_payment(text)


@pytest.mark.parametrize(
    "text",
    ["what's happening with my dispute", "any news on DS-7KQ2-M9XD", "is my dispute sorted yet", "show my disputes"],
)
def test_asks_dispute_status(text: str) -> None:
    assert rules.asks_dispute_status(text)
    assert not rules.disputes_payment(text)


@pytest.mark.parametrize(
    ("text", "plain", "answer"),
    [
        ("i didn't buy that", "not_recognised", "not_recognised"),
        ("i never bought it", "not_recognised", "not_recognised"),
        ("i never took that ride", "not_recognised", "not_recognised"),
        ("we never ate there", "not_recognised", "not_recognised"),
        ("I don't recognise it", None, "not_recognised"),
        ("The amount is wrong", "wrong_amount", "wrong_amount"),
        ("it never arrived", "not_received", "not_received"),
        ("I was charged twice", "charged_twice", "charged_twice"),
        ("I had cancelled the subscription", "cancelled_subscription", "cancelled_subscription"),
        ("Something else", None, "other"),
        ("3", None, "not_received"),
        ("9", None, None),
        ("hello", None, None),
    ],
)
def test_reason_in(text: str, plain: str | None, answer: str | None) -> None:
    assert dispute_words.reason_in(text) == plain
    assert dispute_words.reason_in(text, answering=True) == answer


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("the second one", 2),
        ("the last one", -1),
        ("number 4", 4),
        ("2", 2),
        ("its the 3rd payment", 3),
        ("last month", None),
        ("the first week of march", None),
        ("hello there", None),
    ],
)
def test_place_in(text: str, place: int | None) -> None:
    assert dispute_words.place_in(text) == place
