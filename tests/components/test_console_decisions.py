"""The console's two decision queues, built by one factory: each keeps its ids, words and handlers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import reflex as rx

from bankchat.components.console_disputes import dispute_queue
from bankchat.components.console_reviews import review_queue

QUEUES: list[tuple[Callable[[], rx.Component], str, str, str]] = [
    (dispute_queue, "dispute", "Refund", "Note for the decision"),
    (review_queue, "review", "Approve and send", "Note for rejecting a payment"),
]
"""Each queue's panel, the name in its ids, its yes button and its note box's name for screen readers."""


@pytest.mark.parametrize(("queue", "name", "yes", "label"), QUEUES, ids=[q[1] for q in QUEUES])
def test_queue_panel_keeps_its_ids_buttons_and_note(
    queue: Callable[[], rx.Component], name: str, yes: str, label: str
) -> None:
    page = str(queue())  # the panel's JSX

    assert f'id:"{name}-queue"' in page
    assert f'"aria-label":"{label}"' in page
    assert f'id:"{name}-note",' in page
    assert "maxLength:500," in page  # the services' longest note
    assert f'"data-testid":"{name}-item"' in page
    assert f'"{yes}"' in page
    assert '"Reject with note"' in page
