"""The classifier's text normalisation: marks set apart from words, amounts as placeholders."""

from __future__ import annotations

import pytest

from bankchat.agents.nlu.text import normalise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ty!!", "ty !"),
        ("Where is my card?", "where is my card ?"),
        ("what?!? no", "what ? no"),
        ("hi, can you help", "hi , can you help"),
    ],
)
def test_marks_that_end_a_word_are_set_apart_once(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_marks_inside_numbers_stay_and_digits_are_placeholders() -> None:
    assert normalise("I paid £1,500.50.") == "i paid  currencysign 0,000.00 ."
