"""The hand-off specialist, called directly: one place in the queue per conversation, with a summary."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from bankchat.agents import handoff
from bankchat.agents.types import Customer, HistoryItem
from bankchat.db import session_scope
from bankchat.models import Handoff
from tests.agents.specialists import migrated_database, new_customer, say, start_conversation

HISTORY = (
    HistoryItem("user", "hi"),
    HistoryItem("assistant", "Hello! How can I help?", "smalltalk"),
    HistoryItem("user", "send 40 to savings"),
    HistoryItem("assistant", "Please confirm this transfer: ...", "transfers"),
    HistoryItem("user", "no"),
    HistoryItem("assistant", "Okay, I've cancelled that transfer.", "transfers"),
    HistoryItem("user", "freeze my card"),
    HistoryItem("assistant", "Which card do you mean?", "cards"),
    HistoryItem("user", "why was my payment declined twice?"),
)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A database of this module's own, the configured one meanwhile."""
    with migrated_database(tmp_path_factory.mktemp("handoff-agent") / "x.db"):
        yield


@pytest.fixture
def alice(database: None) -> Customer:
    """A new customer, with an empty queue: every earlier test's hand-off is closed."""
    with session_scope() as db:
        db.exec(update(Handoff).where(col(Handoff.status) != "closed").values(status="closed"))
    return new_customer("alice")


def _handoffs(session_id: str) -> list[Handoff]:
    with session_scope() as db:
        return list(db.exec(select(Handoff).where(Handoff.session_id == session_id).order_by(col(Handoff.id))).all())


def test_handle_asked_twice_queues_one_handoff(alice: Customer) -> None:
    session_id = start_conversation(alice)

    first = handoff.handle(say(alice, "I want to talk to a human", session_id=session_id), "human_handoff", 0.9)
    second = handoff.handle(say(alice, "a real person please!", session_id=session_id), "human_handoff", 0.9)

    rows = _handoffs(session_id)
    assert len(rows) == 1
    assert (rows[0].status, rows[0].user_id, rows[0].reason) == ("queued", alice.user_id, "I want to talk to a human")
    assert first.actions == second.actions == [{"tool": "queue_handoff", "handoff_id": rows[0].id}]


def test_handle_handoff_summary_has_recent_messages_and_topics(alice: Customer) -> None:
    session_id = start_conversation(alice)

    handoff.handle(say(alice, "let me speak to someone", session_id=session_id, history=HISTORY), "human_handoff", 0.9)

    summary = _handoffs(session_id)[0].summary
    assert summary.splitlines() == [
        'Customer Casey Customer asked for a person: "let me speak to someone"',
        "Recent messages: send 40 to savings | no | freeze my card | why was my payment declined twice?",
        "Topics so far: cards, transfers",
    ]  # only the last four messages; small talk is no topic


def test_handle_handoff_reply_tells_what_happens_next(alice: Customer) -> None:
    session_id = start_conversation(alice)

    reply = handoff.handle(say(alice, "I want to talk to a human", session_id=session_id), "human_handoff", 0.9)

    assert (reply.agent, reply.intent, reply.pending) == ("handoff", "human_handoff", None)
    assert "- **What happens next:** a colleague will reply right here in this chat. You are next in line." in (
        reply.content
    )
    assert "- **Opening hours:** 8am to 8pm, every day." in reply.content


def test_handle_second_conversation_hears_one_ahead(alice: Customer) -> None:
    handoff.handle(say(alice, "human please", session_id=start_conversation(alice)), "human_handoff", 0.9)
    bob = new_customer("bob")

    reply = handoff.handle(say(bob, "human please", session_id=start_conversation(bob)), "human_handoff", 0.9)

    assert "1 customer" in reply.content
    assert "ahead of you" in reply.content
    assert "next in line" not in reply.content


def test_handle_after_closed_handoff_queues_new_one(alice: Customer) -> None:
    session_id = start_conversation(alice)
    handoff.handle(say(alice, "human please", session_id=session_id), "human_handoff", 0.9)
    with session_scope() as db:
        db.exec(update(Handoff).where(col(Handoff.session_id) == session_id).values(status="closed"))

    handoff.handle(say(alice, "a person again please", session_id=session_id), "human_handoff", 0.9)

    assert [(h.status, h.reason) for h in _handoffs(session_id)] == [
        ("closed", "human please"),
        ("queued", "a person again please"),
    ]
