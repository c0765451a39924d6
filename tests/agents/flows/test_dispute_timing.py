"""How long a dispute takes is a question; a payment reported in the same words opens the dispute first."""

from __future__ import annotations

import pytest

from bankchat.agents.flows.dispute_timing import asks_dispute_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how long does a dispute take", True),
        ("how long do i have to dispute a payment", True),
        ("when will i hear about my claim", True),
        ("how many days do disputes take", True),
        ("i dont recognise a payment, how long will the dispute take", False),
        ("i want to dispute the uber payment, how long will the dispute take", False),
        ("dispute the amazon payment", False),
        ("how long does a transfer take", False),
    ],
)
def test_asks_dispute_time(text: str, expected: bool) -> None:
    assert asks_dispute_time(text) is expected
