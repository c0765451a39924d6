"""Amounts read from customers' words, as integer cents: read right or refused with a reason, never guessed."""

from __future__ import annotations

import pytest

from bankchat.agents.money import (
    PROBLEMS,
    AmountReading,
    count_of,
    is_only_an_amount,
    moves_everything,
    parse_amount,
    read_amount,
    says_everything,
)


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("send 50 to savings", 5000),
        ("£1,250.50 please", 125050),
        ("20 quid to Bob", 2000),
        ("20quid", 2000),
        ("twenty pounds", 2000),
        ("5.5", 550),
        ("pay 0.10", 10),
        ("2k to savings", 200000),
        ("1.5k", 150000),
        ("50p", 50),
        ("1,000,000", 100000000),
    ],
)
def test_parse_amount_reads_digits(text: str, cents: int) -> None:
    assert parse_amount(text) == cents


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("twenty five pounds", 2500),
        ("twenty-five", 2500),
        ("send twenty five to savings", 2500),
        ("5 hundred pounds", 50000),
        ("15 hundred", 150000),
        ("fifteen hundred quid", 150000),
        ("one hundred", 10000),
        ("a hundred quid", 10000),
        ("two hundred and fifty", 25000),
        ("three thousand four hundred and twelve pounds", 341200),
        ("a grand", 100000),
        ("2 grand to savings", 200000),
        ("five k", 500000),
        ("fifty quid", 5000),
        ("ninety nine p", 99),
        ("twenty pounds fifty", 2050),
        ("eleven pounds", 1100),
        ("nineteen", 1900),
        ("one pound", 100),
        ("give bob a tenner", 1000),
        ("a fiver to savings", 500),
    ],
)
def test_parse_amount_reads_number_words(text: str, cents: int) -> None:
    assert parse_amount(text) == cents


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("-1", "negative"),
        ("send -5", "negative"),
        ("-£20", "negative"),
        ("£-5", "negative"),
        ("minus fifty pounds", "negative"),
        ("negative 20", "negative"),
        ("0", "zero"),
        ("£0", "zero"),
        ("zero pounds", "zero"),
        ("0.5p", "sub_penny"),
        ("1.5p", "sub_penny"),
        ("0.001", "sub_penny"),
        ("£1.005", "sub_penny"),
        ("£100000000000000", "too_large"),
    ],
)
def test_read_amount_refuses_with_reason(text: str, problem: str) -> None:
    assert read_amount(text) == AmountReading(None, problem)  # type: ignore[arg-type]
    assert parse_amount(text) is None
    assert PROBLEMS[problem]


@pytest.mark.parametrize(
    "text",
    ["1e309", "NaN", "inf", "no amount here", "the other one", "the 5th of May", "k thanks", "I'm fine", "a card"],
)
def test_read_amount_finds_none_in_words_that_are_no_amount(text: str) -> None:
    assert read_amount(text) == AmountReading(None)


def test_parse_amount_returns_int_not_float() -> None:
    assert isinstance(parse_amount("£12.34"), int)
    assert isinstance(parse_amount("twenty five pounds"), int)


def test_parse_amount_reads_the_first_amount() -> None:
    assert parse_amount("sorry, 35 not 25") == 3500
    assert parse_amount("yes but make it 5000") == 500000


@pytest.mark.parametrize("text", ["35", "£35.50", "40 quid", "2k", "45 please", "£1,200 instead", "twenty pounds"])
def test_is_only_an_amount_for_what_follows_change_it_to(text: str) -> None:
    assert is_only_an_amount(text)


@pytest.mark.parametrize("text", ["account 4821", "savings", "mum", "bob 35", "", "please", "my 2 accounts"])
def test_is_only_an_amount_is_false_for_a_place_or_a_name(text: str) -> None:
    assert not is_only_an_amount(text)


@pytest.mark.parametrize(
    ("text", "cents"),
    [("i want 2 send 40 to mum", 4000), ("need 2 pay 15 to bob", 1500), ("send 2 to mum", 200), ("pay bob £2", 200)],
)
def test_a_2_before_a_verb_is_textspeak_for_to(text: str, cents: int) -> None:
    assert parse_amount(text) == cents


@pytest.mark.parametrize("text", ["010137", "0050", "my code is 010137", "£0050", "007"])
def test_read_amount_reads_no_amount_in_digits_with_a_leading_zero(text: str) -> None:
    assert read_amount(text) == AmountReading(None)


@pytest.mark.parametrize(("text", "cents"), [("0.50", 50), ("£0.50", 50), ("0.05", 5), ("10137", 1013700)])
def test_read_amount_still_reads_pence_after_a_zero_and_digits_without_one(text: str, cents: int) -> None:
    assert read_amount(text) == AmountReading(cents)


@pytest.mark.parametrize(("word", "count"), [("6", 6), ("six", 6), ("Twelve", 12), ("a", 1), ("twenty", 20)])
def test_count_of_reads_digits_and_number_words(word: str, count: int) -> None:
    assert count_of(word) == count


@pytest.mark.parametrize("word", ["mum", "", "6.5"])
def test_count_of_is_none_for_anything_else(word: str) -> None:
    assert count_of(word) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("move everything from savings to checking", True),
        ("all of it", True),
        ("transfer all my savings to checking", True),
        ("empty my savings into checking", True),
        ("send 50 to savings", False),
        ("all good thanks", False),
    ],
)
def test_says_everything(text: str, expected: bool) -> None:
    assert says_everything(text) is expected


def test_moves_everything_is_never_a_question() -> None:
    assert moves_everything("all of it")
    assert not moves_everything("show me everything I bought at Tesco")


@pytest.mark.parametrize("text", ["send 100 euros to bob", "€30", "$19.99", "pay bob 20 dollars", "50 bucks"])
def test_another_currency_is_refused_never_taken_for_pounds(text: str) -> None:
    assert read_amount(text) == AmountReading(None, "foreign_currency")
    assert parse_amount(text) is None
