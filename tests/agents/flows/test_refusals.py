"""The bank's refusals as a flow words them."""

from bankchat.agents.flows.refusals import refusal, sentence
from bankchat.agents.flows.spec import Problem


def test_sentence_finishes_the_bank_detail_and_leaves_a_finished_one_be() -> None:
    assert sentence("  Not enough money in checking ") == "Not enough money in checking. "
    assert sentence("Is that right?") == "Is that right? "


def test_a_refusal_another_answer_mends_asks_again_for_its_slot() -> None:
    assert refusal("Over your daily limit", "amount", "No money was moved.") == Problem(
        "amount", "Over your daily limit. "
    )


def test_a_refusal_nothing_mends_ends_saying_what_was_left_undone() -> None:
    assert refusal("That payee is blocked.", None, "No money was moved.") == Problem(
        None, "That payee is blocked. No money was moved."
    )
