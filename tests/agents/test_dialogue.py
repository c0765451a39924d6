"""Yes, no, cancel and everything in between inside a flow: only a clear yes moves money or blocks a card."""

from __future__ import annotations

import pytest

from bankchat.agents import dialogue
from bankchat.agents.dialogue import cancels_all, hesitates, is_no, is_yes, said_no
from tests.agents.phrases import CLEAR_YES, NOT_A_YES


@pytest.mark.parametrize("text", CLEAR_YES)
def test_is_yes_accepts_a_clear_yes(text: str) -> None:
    assert is_yes(text)
    assert not is_no(text)
    assert not hesitates(text)


@pytest.mark.parametrize("text", NOT_A_YES)
def test_is_yes_refuses_questions_doubts_and_conditions(text: str) -> None:
    assert not is_yes(text)


@pytest.mark.parametrize(
    "text",
    [
        "no", "No thanks", "cancel", "cancel that", "stop", "never mind", "nope", "don't", "cancel it, not sure",
        "certainly not mate", "absolutely not", "of course not", "no way", "hell no",
    ],
)  # fmt: skip
def test_is_no_accepts_short_no(text: str) -> None:
    assert is_no(text)
    assert not is_yes(text)


@pytest.mark.parametrize("text", ["no wait", "no, make it 40", "no, to savings instead", "don't know", "nah not yet"])
def test_is_no_refuses_a_pause_or_a_correction(text: str) -> None:
    assert not is_no(text)


@pytest.mark.parametrize("text", ["is that right?", "ok wait", "not sure yet", "let me think about it", "hmm"])
def test_hesitation_is_never_a_no_even_when_the_classifier_says_deny(text: str) -> None:
    assert hesitates(text)
    assert not said_no(text, "deny")


def test_said_no_trusts_the_classifier_for_other_refusals() -> None:
    assert said_no("I've changed my mind", "deny")
    assert not said_no("I've changed my mind", "transfer_money")


@pytest.mark.parametrize(
    "text", ["yes but make it 60", "what's my balance?", "yesterday's payments", "now show my transactions", ""]
)
def test_yes_and_no_ignore_longer_or_other_sentences(text: str) -> None:
    assert not is_yes(text)


@pytest.mark.parametrize("text", ["cancel both", "no to both", "cancel them all", "no, cancel all of them"])
def test_cancels_all_accepts_a_no_to_everything_waiting(text: str) -> None:
    assert cancels_all(text)


@pytest.mark.parametrize("text", ["no", "cancel", "cancel it", "both please", "yes to both"])
def test_cancels_all_refuses_a_plain_no_or_a_yes(text: str) -> None:
    assert not cancels_all(text)


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("nah i mean just savings", "i mean just savings"),
        ("no, only the checking account", "only the checking account"),
        ("sorry i meant last month", "i meant last month"),
        ("no", None),
        ("no thanks", None),
        ("nope not that", None),
    ],
)
def test_meant_instead_is_what_follows_a_no_that_corrects(text: str, meant: str | None) -> None:
    assert dialogue.meant_instead(text) == meant


@pytest.mark.parametrize(
    ("text", "every"),
    [
        ("both", True),
        ("all of them", True),
        ("both please", True),
        ("yes both", True),
        ("i lost both my cards", True),
        ("block all my cards", True),
        ("lost my wallet with both cards in it", True),
        ("both the cards were in it", True),
        ("the visa", False),
        ("that's all", False),
        ("all good", False),
    ],
)
def test_means_every_card(text: str, every: bool) -> None:
    assert dialogue.means_every_card(text) is every


@pytest.mark.parametrize(
    ("text", "only"), [("ok", True), ("okay thanks", True), ("sure", True), ("yes", False), ("ok send it", False)]
)
def test_only_acknowledges(text: str, only: bool) -> None:
    assert dialogue.only_acknowledges(text) is only


@pytest.mark.parametrize(
    ("text", "rest"),
    [("no, to bob", "to bob"), ("nah priya", "priya"), ("nope", ""), ("not now", ""), ("send it", "")],
)
def test_after_no_is_what_follows_a_leading_no(text: str, rest: str) -> None:
    assert dialogue.after_no(text) == rest


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("no not bob, priya", "no priya"),
        ("not bob but priya", "priya"),
        ("not 30 - 35", "35"),
        ("not counting rent", "not counting rent"),  # nothing named after it: nothing taken back
    ],
)
def test_without_denied_drops_the_value_taken_back(text: str, left: str) -> None:
    assert dialogue.without_denied(text) == left


@pytest.mark.parametrize(("text", "cancels"), [("no, cancel it", True), ("stop", True), ("no, to bob", False)])
def test_explicitly_cancels_only_with_a_cancel_word(text: str, cancels: bool) -> None:
    assert dialogue.explicitly_cancels(text) is cancels


@pytest.mark.parametrize(
    ("text", "corrects"),
    [("can you make that 35", True), ("make this one 20", True), ("make it weekly", True), ("sounds good", False)],
)
def test_corrects_in_customers_words(text: str, corrects: bool) -> None:
    assert dialogue.corrects(text) is corrects
    assert not is_yes(f"yes {text}") or not corrects  # a yes with a change in it is no yes
