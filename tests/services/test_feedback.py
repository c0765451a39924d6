"""Feedback: the owner rates the bot's replies; the console counts per agent."""

from __future__ import annotations

import uuid

import pytest

from bankchat.agents.types import Reply
from bankchat.db import session_scope
from bankchat.errors import InvalidInput, NotAManager, NotFound, SessionNotFound
from bankchat.models import Message
from bankchat.services import ChatService, Exchange, SessionView, UserView, feedback
from tests.factories import FakeOrchestrator


def _exchange(service: ChatService, user: UserView, conversation: SessionView, text: str = "hello") -> Exchange:
    return service.send_message(session_id=conversation.session_id, user=user, content=text)


def _rate(user: UserView, conversation: SessionView, message_id: str, rating: str | None) -> str | None:
    with session_scope() as db:
        return feedback.rate(
            db=db, user_id=user.id, session_id=conversation.session_id, message_id=message_id, rating=rating
        )


def _ratings(user: UserView, *ids: int) -> dict[int, str]:
    with session_scope() as db:
        return feedback.ratings_for(db=db, user_id=user.id, message_ids=ids)


def test_rate_reply_up_then_down_keeps_the_latest(
    service: ChatService, user: UserView, conversation: SessionView
) -> None:
    reply = _exchange(service, user, conversation).reply

    assert _rate(user, conversation, reply.public_id, "up") == "up"
    assert _rate(user, conversation, reply.public_id, "down") == "down"

    assert _ratings(user, reply.id) == {reply.id: "down"}


def test_rate_reply_none_clears_the_rating(service: ChatService, user: UserView, conversation: SessionView) -> None:
    reply = _exchange(service, user, conversation).reply
    _rate(user, conversation, reply.public_id, "up")

    assert _rate(user, conversation, reply.public_id, None) is None
    assert _rate(user, conversation, reply.public_id, None) is None  # clearing twice is fine

    assert _ratings(user, reply.id) == {}


def test_ratings_for_leaves_out_unrated_and_foreign_ids(
    service: ChatService, user: UserView, other_user: UserView, conversation: SessionView
) -> None:
    first, second = _exchange(service, user, conversation).reply, _exchange(service, user, conversation).reply
    _rate(user, conversation, first.public_id, "up")

    assert _ratings(user, first.id, second.id, 10**12) == {first.id: "up"}
    assert _ratings(other_user, first.id) == {}


def test_rate_customer_message_is_not_found(service: ChatService, user: UserView, conversation: SessionView) -> None:
    exchange = _exchange(service, user, conversation)

    with pytest.raises(NotFound, match="Message not found"):
        _rate(user, conversation, exchange.message.public_id, "up")


def test_rate_staff_message_is_not_found(user: UserView, conversation: SessionView) -> None:
    with session_scope() as db:
        staff = Message(session_id=conversation.session_id, role="staff", content="Hello, this is Sam")
        db.add(staff)
        db.flush()
        staff_id = staff.public_id

    with pytest.raises(NotFound):
        _rate(user, conversation, staff_id, "up")


def test_rate_reply_of_another_conversation_is_not_found(
    service: ChatService, user: UserView, conversation: SessionView
) -> None:
    with session_scope() as db:
        other = service.start_conversation(db=db, user=user)
    reply = _exchange(service, user, other).reply

    with pytest.raises(NotFound):
        _rate(user, conversation, reply.public_id, "up")


def test_rate_in_someone_elses_conversation_is_session_not_found(
    service: ChatService, user: UserView, other_user: UserView, conversation: SessionView
) -> None:
    reply = _exchange(service, user, conversation).reply

    with pytest.raises(SessionNotFound):
        _rate(other_user, conversation, reply.public_id, "up")
    assert _ratings(user, reply.id) == {}


@pytest.mark.parametrize("rating", ["meh", "", "UP", 1, True])
def test_rate_refuses_other_ratings(
    service: ChatService, user: UserView, conversation: SessionView, rating: object
) -> None:
    reply = _exchange(service, user, conversation).reply

    with pytest.raises(InvalidInput):
        _rate(user, conversation, reply.public_id, rating)  # type: ignore[arg-type]


@pytest.mark.parametrize("message_id", [None, True, 1, 1.0, "", "msg_made-up"])
def test_rate_refuses_ids_that_are_not_public_ids(
    user: UserView, conversation: SessionView, message_id: object
) -> None:
    with pytest.raises(NotFound):
        _rate(user, conversation, message_id, "up")  # type: ignore[arg-type]


def test_rate_by_row_id_is_not_found(service: ChatService, user: UserView, conversation: SessionView) -> None:
    """The integer row ID is internal: said as text it names no message (pen-test 18.9d)."""
    reply = _exchange(service, user, conversation).reply

    with pytest.raises(NotFound):
        _rate(user, conversation, str(reply.id), "up")


def test_counts_per_agent_tallies_up_and_down(
    fake: FakeOrchestrator,
    service: ChatService,
    user: UserView,
    other_user: UserView,
    conversation: SessionView,
    staff: UserView,
) -> None:
    agent = f"agent_{uuid.uuid4().hex[:8]}"
    fake.reply = Reply(content="ok", agent=agent, intent="testing", confidence=0.9)
    replies = [_exchange(service, user, conversation).reply for _ in range(3)]
    for reply, rating in zip(replies, ["up", "up", "down"], strict=True):
        _rate(user, conversation, reply.public_id, rating)

    with session_scope() as db:
        counts = {f.agent: f for f in feedback.counts_per_agent(db=db, manager=staff)}

    assert (counts[agent].up, counts[agent].down, counts[agent].total) == (2, 1, 3)


def test_counts_per_agent_as_customer_is_not_a_manager(user: UserView) -> None:
    with session_scope() as db, pytest.raises(NotAManager):
        feedback.counts_per_agent(db=db, manager=user)
