"""Human hand-off: claim, write as staff, the bot quiet while held, hand back; all audited."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from bankchat.db import session_scope
from bankchat.errors import Conflict, HandoffNotFound, InvalidInput, NotAManager
from bankchat.models import AuditEntry, Handoff, Message
from bankchat.services import ChatService, SessionView, UserView, handoffs
from tests.factories import FakeOrchestrator, make_user_view


@pytest.fixture
def colleague() -> UserView:
    with session_scope() as db:
        return make_user_view(db, display_name="Robin Colleague", role="manager")


@pytest.fixture
def queued(conversation: SessionView, user: UserView) -> SessionView:
    """``conversation`` with a queued hand-off."""
    with session_scope() as db:
        db.add(Handoff(session_id=conversation.session_id, user_id=user.id, summary="wants a person"))
    return conversation


def _roles(session_id: str) -> list[tuple[str, str]]:
    with session_scope() as db:
        rows = db.exec(select(Message).where(Message.session_id == session_id).order_by(col(Message.id))).all()
        return [(m.role, m.content) for m in rows]


def _audit(session_id: str) -> list[str]:
    with session_scope() as db:
        rows = db.exec(select(AuditEntry).where(AuditEntry.session_id == session_id).order_by(col(AuditEntry.id)))
        return [e.action for e in rows.all()]


def test_the_queue_lists_open_handoffs_oldest_first(queued: SessionView, user: UserView, staff: UserView) -> None:
    with session_scope() as db:
        entry = next(h for h in handoffs.queue(db, manager=staff) if h.session_id == queued.session_id)
    assert (entry.status, entry.customer, entry.summary, entry.claimed_by) == (
        "queued",
        user.username,
        "wants a person",
        None,
    )


def test_the_bot_answers_while_queued_and_is_quiet_while_claimed(
    service: ChatService, fake: FakeOrchestrator, queued: SessionView, user: UserView, staff: UserView
) -> None:
    sid = queued.session_id
    assert service.send_message(session_id=sid, user=user, content="still there?").reply is not None
    with session_scope() as db:
        joined = handoffs.claim(db, manager=staff, session_id=sid)
    assert joined.role == "staff"
    assert "Morgan from the BankChat team" in joined.content

    turns_before = len(fake.turns)
    exchange = service.send_message(session_id=sid, user=user, content="my card was charged twice")
    assert exchange.held
    assert exchange.reply is None
    assert len(fake.turns) == turns_before  # the agents were never asked

    with session_scope() as db:
        handoffs.reply(db, manager=staff, session_id=sid, content="I can see the two charges; refunding one now.")
    with session_scope() as db:
        handoffs.hand_back(db, manager=staff, session_id=sid)
    after = service.send_message(session_id=sid, user=user, content="thanks")
    assert after.reply is not None
    assert not after.held
    assert len(fake.turns) == turns_before + 1

    roles = [role for role, _ in _roles(sid)]
    assert roles == ["user", "assistant", "staff", "user", "staff", "staff", "user", "assistant"]
    assert _audit(sid) == ["claim", "staff_reply", "hand_back"]


def test_a_message_sent_while_held_is_stored_once_when_retried(
    service: ChatService, queued: SessionView, user: UserView, staff: UserView
) -> None:
    with session_scope() as db:
        handoffs.claim(db, manager=staff, session_id=queued.session_id)
    first = service.send_message(session_id=queued.session_id, user=user, content="hello?", client_message_id="c-1")
    again = service.send_message(session_id=queued.session_id, user=user, content="hello?", client_message_id="c-1")
    assert again.held
    assert again.replayed
    assert again.reply is None
    assert again.message.id == first.message.id
    assert [c for r, c in _roles(queued.session_id) if r == "user"] == ["hello?"]


def test_only_the_holder_may_reply_or_hand_back(queued: SessionView, staff: UserView, colleague: UserView) -> None:
    sid = queued.session_id
    with session_scope() as db, pytest.raises(Conflict):
        handoffs.reply(db, manager=staff, session_id=sid, content="not claimed yet")
    with session_scope() as db:
        handoffs.claim(db, manager=staff, session_id=sid)
    with session_scope() as db:
        again = handoffs.claim(db, manager=staff, session_id=sid)  # idempotent for the holder
    assert again.role == "staff"
    for act in (
        lambda db: handoffs.claim(db, manager=colleague, session_id=sid),
        lambda db: handoffs.reply(db, manager=colleague, session_id=sid, content="me too"),
        lambda db: handoffs.hand_back(db, manager=colleague, session_id=sid),
    ):
        with session_scope() as db, pytest.raises(Conflict):
            act(db)
    assert [r for r, _ in _roles(sid)] == ["staff"]


def test_staff_text_is_checked_like_a_customer_message(queued: SessionView, staff: UserView) -> None:
    with session_scope() as db:
        handoffs.claim(db, manager=staff, session_id=queued.session_id)
    for bad in ("", "   ", "x" * 10_000, 42):
        with session_scope() as db, pytest.raises(InvalidInput):
            handoffs.reply(db, manager=staff, session_id=queued.session_id, content=bad)


def test_no_open_handoff_is_not_found(conversation: SessionView, staff: UserView) -> None:
    for act in (handoffs.claim, handoffs.hand_back):
        with session_scope() as db, pytest.raises(HandoffNotFound):
            act(db, manager=staff, session_id=conversation.session_id)
    with session_scope() as db:
        assert not handoffs.held(db, conversation.session_id)


def test_after_hand_back_a_new_request_queues_again(real_service: ChatService, user: UserView, staff: UserView) -> None:
    with session_scope() as db:
        convo = real_service.start_conversation(db=db, user=user)
    sid = convo.session_id
    first = real_service.send_message(session_id=sid, user=user, content="I want to talk to a human")
    assert first.reply is not None
    assert first.reply.agent == "handoff"
    with session_scope() as db:
        handoffs.claim(db, manager=staff, session_id=sid)
    with session_scope() as db:
        handoffs.hand_back(db, manager=staff, session_id=sid)
    second = real_service.send_message(session_id=sid, user=user, content="can I speak to a person again")
    assert second.reply is not None
    assert second.reply.agent == "handoff"
    with session_scope() as db:
        statuses = [h.status for h in db.exec(select(Handoff).where(Handoff.session_id == sid)).all()]
    assert sorted(statuses) == ["closed", "queued"]


def test_handoff_steps_as_customer_are_not_a_manager(queued: SessionView, user: UserView) -> None:
    sid = queued.session_id
    for act in (
        lambda db: handoffs.queue(db, manager=user),
        lambda db: handoffs.claim(db, manager=user, session_id=sid),
        lambda db: handoffs.reply(db, manager=user, session_id=sid, content="I am staff now"),
        lambda db: handoffs.hand_back(db, manager=user, session_id=sid),
    ):
        with session_scope() as db, pytest.raises(NotAManager):
            act(db)
    with session_scope() as db:
        handoff = db.exec(select(Handoff).where(Handoff.session_id == sid)).one()
    assert (handoff.status, handoff.claimed_by) == ("queued", None)
    assert _roles(sid) == []
    assert _audit(sid) == []
