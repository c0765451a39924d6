"""The hand-off flows: one place in the queue per conversation, a summary for the colleague, the wait."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import update
from sqlmodel import col, select

from bankchat.agents.flows import handoff
from bankchat.agents.types import Customer, HistoryItem, Subject
from bankchat.agents.understanding.commands import HandOff, StartFlow
from bankchat.db import session_scope
from bankchat.models import Handoff
from tests.agents.customers import new_customer, start_conversation
from tests.agents.dialogue_driver import Conversation
from tests.agents.flows.steps import run

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


MIDDAY = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)
NIGHT = datetime(2025, 3, 14, 23, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def open_hours(monkeypatch: pytest.MonkeyPatch) -> None:
    """The team is at work (midday), unless a test says otherwise."""
    monkeypatch.setattr(handoff, "clock", lambda: MIDDAY)


@pytest.fixture
def alice(database: None) -> Customer:
    """A new customer, with an empty queue: every earlier test's hand-off is closed."""
    with session_scope() as db:
        db.exec(update(Handoff).where(col(Handoff.status) != "closed").values(status="closed"))
    return new_customer("alice")


def _handoffs(session_id: str) -> list[Handoff]:
    with session_scope() as db:
        return list(db.exec(select(Handoff).where(Handoff.session_id == session_id).order_by(col(Handoff.id))).all())


def test_asked_twice_queues_one_handoff(alice: Customer) -> None:
    session_id = start_conversation(alice)

    first = run(alice, HandOff(0.9), text="I want to talk to a human", session_id=session_id)
    second = run(alice, HandOff(0.9), text="a real person please!", session_id=session_id)

    rows = _handoffs(session_id)
    assert len(rows) == 1
    assert (rows[0].status, rows[0].user_id, rows[0].reason) == ("queued", alice.user_id, "I want to talk to a human")
    assert first.actions == second.actions == [{"tool": "queue_handoff", "handoff_id": rows[0].id}]


def test_asked_twice_in_a_conversation_queues_one_handoff(alice: Customer) -> None:
    chat = Conversation(alice)

    chat.say("I want to talk to a human")
    again = chat.say("can I speak to a real person please")

    assert again.agent == "handoff"
    assert len(_handoffs(chat.session_id)) == 1


def test_summary_has_recent_messages_and_topics(alice: Customer) -> None:
    session_id = start_conversation(alice)

    run(alice, HandOff(0.9), text="let me speak to someone", session_id=session_id, history=HISTORY)

    summary = _handoffs(session_id)[0].summary
    assert summary.splitlines() == [
        f'Customer {alice.display_name} asked for a person: "let me speak to someone"',
        "Recent messages: send 40 to savings | no | freeze my card | why was my payment declined twice?",
        "Topics so far: cards, transfers",
    ]  # only the last four messages; small talk is no topic


def test_reply_tells_what_happens_next(alice: Customer) -> None:
    session_id = start_conversation(alice)

    reply = run(alice, HandOff(0.9), text="I want to talk to a human", session_id=session_id)

    assert (reply.agent, reply.intent, reply.confidence, reply.pending) == ("handoff", "handoff", 0.9, None)
    assert reply.content == (
        "I've asked a member of our team to join this conversation and shared a short summary with them, "
        "so you won't have to repeat yourself.\n\n"
        "- **What happens next:** a colleague will reply right here in this chat. You are next in line.\n"
        "- **Opening hours:** 8am to 8pm, every day. Outside those hours we reply first thing in the morning.\n"
        "- **Urgent?** If your card was lost or stolen, say **freeze my card** and I'll block it right now."
    )
    assert reply.subject == Subject("handoff", {})  # "how long will that take?" follows it


def test_out_of_hours_says_when_the_team_is_back(alice: Customer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(handoff, "clock", lambda: NIGHT)

    reply = run(alice, HandOff(0.9), text="i want to speak to a real person", session_id=start_conversation(alice))

    assert "our team is away right now; a colleague will reply right here when we open at 8am" in reply.content
    assert "next in line" not in reply.content


@pytest.mark.parametrize(
    ("hour_utc", "month", "at_work"),
    [(7, 1, False), (8, 1, True), (19, 1, True), (20, 1, False), (7, 7, True), (19, 7, False)],
)
def test_hours_are_uk_time(hour_utc: int, month: int, at_work: bool) -> None:
    assert handoff.is_open(datetime(2025, month, 15, hour_utc, 0, tzinfo=UTC)) is at_work  # summer time: UTC+1


def test_second_conversation_hears_one_ahead(alice: Customer) -> None:
    run(alice, HandOff(0.9), text="human please", session_id=start_conversation(alice))
    bob = new_customer("bob")

    reply = run(bob, HandOff(0.9), text="human please", session_id=start_conversation(bob))

    assert "There is 1 customer ahead of you." in reply.content
    assert "next in line" not in reply.content


def test_after_closed_handoff_queues_new_one(alice: Customer) -> None:
    session_id = start_conversation(alice)
    run(alice, HandOff(0.9), text="human please", session_id=session_id)
    with session_scope() as db:
        db.exec(update(Handoff).where(col(Handoff.session_id) == session_id).values(status="closed"))

    run(alice, HandOff(0.9), text="a person again please", session_id=session_id)

    assert [(h.status, h.reason) for h in _handoffs(session_id)] == [
        ("closed", "human please"),
        ("queued", "a person again please"),
    ]


def test_wait_answers_queue_position(alice: Customer) -> None:
    bob = new_customer("bob")
    run(bob, HandOff(0.9), text="human please", session_id=start_conversation(bob))
    run(alice, HandOff(0.9), text="human please", session_id=start_conversation(alice))  # her own: no one ahead
    session_id = start_conversation(alice)
    queued = run(alice, HandOff(0.9), text="human please", session_id=session_id)

    reply = run(alice, StartFlow("handoff_wait", "how long will that take?"), session_id=session_id)

    assert (reply.agent, reply.intent) == ("handoff", "handoff_wait")
    assert reply.content == (
        "You're in the queue. Most customers hear from a colleague within 10 minutes during opening hours. "
        "There is 1 customer ahead of you. Opening hours are 8am to 8pm, every day. "
        "Outside those hours we reply first thing in the morning."
    )
    assert reply.actions == [{"tool": "handoff_wait", "handoff_id": queued.actions[0]["handoff_id"]}]


def test_wait_out_of_hours_says_the_team_is_away(alice: Customer, monkeypatch: pytest.MonkeyPatch) -> None:
    session_id = start_conversation(alice)
    run(alice, HandOff(0.9), text="human please", session_id=session_id)
    monkeypatch.setattr(handoff, "clock", lambda: NIGHT)

    reply = run(alice, StartFlow("handoff_wait", "this bot is useless"), session_id=session_id)

    assert reply.content.startswith("You're in the queue, and our team is away right now")
    assert "ahead of you" not in reply.content


def test_wait_when_claimed_or_never_asked(alice: Customer) -> None:
    session_id = start_conversation(alice)
    wait = StartFlow("handoff_wait", "how long will that take?")

    nobody = run(alice, wait, session_id=session_id)
    run(alice, HandOff(0.9), text="human please", session_id=session_id)
    with session_scope() as db:
        db.exec(update(Handoff).where(col(Handoff.session_id) == session_id).values(status="claimed"))
    claimed = run(alice, wait, session_id=session_id)

    assert nobody.content == "Nobody is waiting to join this conversation. Say **talk to a person** if you'd like one."
    assert claimed.content == "A colleague has already joined this conversation and will reply here."
    assert len(_handoffs(session_id)) == 1
