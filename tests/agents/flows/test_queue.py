"""The waiting line of requests in one message: the order they are queued in, and what a cancel of all drops."""

from __future__ import annotations

import dataclasses

from bankchat.agents.flows.queue import (
    QUEUED,
    also_cancelled,
    amend_queue,
    drop_queue,
    enqueue,
    is_queued,
    queued_behind,
)
from bankchat.agents.types import PendingStep

FIRST = PendingStep("transfer", "confirm", {"amount": {"money": 2_000}}, key="chat-1")
PUT_ASIDE = PendingStep("transfer", "confirm", {"amount": {"money": 9_900}}, key="chat-0")


def _second(cents: int) -> PendingStep:
    return PendingStep("transfer", "collect", {"amount": {"money": cents}})


def _behind(step: PendingStep, after: PendingStep) -> PendingStep:
    """``step`` with ``after`` put aside behind it (as an urgent flow leaves it)."""
    return dataclasses.replace(step, after=after)


def _chain(step: PendingStep | None) -> list[tuple[str, int]]:
    found = []
    while step is not None:
        found.append((step.stage, step.slots["amount"]["money"]))
        step = step.after
    return found


def test_enqueue_keeps_the_order_asked_and_older_steps_last() -> None:
    head = _behind(FIRST, PUT_ASIDE)

    head = enqueue(head, _second(1_500))
    head = enqueue(head, _second(500))

    assert _chain(head) == [("confirm", 2_000), (QUEUED, 1_500), (QUEUED, 500), ("confirm", 9_900)]
    assert queued_behind(head) == 2
    assert is_queued(head.after)
    assert not is_queued(head)


def test_drop_queue_keeps_steps_put_aside_before() -> None:
    head = enqueue(enqueue(_behind(FIRST, PUT_ASIDE), _second(1_500)), _second(500))

    assert _chain(drop_queue(head)) == [("confirm", 2_000), ("confirm", 9_900)]
    assert queued_behind(drop_queue(head)) == 0


def test_queued_step_survives_the_database_round_trip() -> None:
    head = enqueue(FIRST, _second(1_500))

    assert PendingStep.from_json(head.to_json()) == head


def test_also_cancelled_counts_what_went_with_the_cancel() -> None:
    assert also_cancelled(0) == ""
    assert also_cancelled(1) == " The request waiting after it is cancelled too."
    assert also_cancelled(2) == " The 2 after it are too."


def test_the_reminder_count_is_stored_and_read_back() -> None:
    """How many reminders a step has had survives the database (a refresh, another worker)."""
    step = PendingStep(flow="transfer", stage="confirm", slots={}, key="k", reminded=2)
    restored = PendingStep.from_json(step.to_json())
    assert restored is not None
    assert restored.reminded == 2
    assert "reminded" not in PendingStep(flow="transfer", stage="confirm").to_json()  # none: nothing stored


def test_a_held_read_back_is_stored_and_read_back() -> None:
    """A read-back the customer doubted stays held across a refresh: a bare "ok" after it is still no yes."""
    step = PendingStep(flow="transfer", stage="confirm", slots={}, key="k", held=True)
    restored = PendingStep.from_json(step.to_json())
    assert restored is not None
    assert restored.held
    assert "held" not in PendingStep(flow="transfer", stage="confirm").to_json()


def test_a_warned_read_back_is_stored_and_read_back() -> None:
    """A payment whose scam warning was shown stays warned across a refresh: the next clear yes sends it."""
    step = PendingStep(flow="transfer", stage="confirm", slots={}, key="k", warned=True)
    restored = PendingStep.from_json(step.to_json())
    assert restored is not None
    assert restored.warned
    assert "warned" not in PendingStep(flow="transfer", stage="confirm").to_json()


def test_amend_queue_copies_a_correction_for_both_into_the_queued_steps_of_the_flow() -> None:
    head = enqueue(_behind(FIRST, PUT_ASIDE), _second(3_000))
    corrected = {"amount": {"money": 2_500}, "target": {"payee": 7}}

    amended, count = amend_queue(head, "actually make them both 25", corrected)

    assert count == 1
    assert _chain(amended) == [("confirm", 2_000), (QUEUED, 2_500), ("confirm", 9_900)]  # the put-aside one kept
    assert amended.after is not None
    assert "target" not in amended.after.slots  # each keeps its own payee


def test_amend_queue_leaves_the_queue_without_a_word_for_each() -> None:
    head = enqueue(FIRST, _second(3_000))

    assert amend_queue(head, "make it 25", {"amount": {"money": 2_500}}) == (head, 0)
