"""The console's views: active conversations with their agent mix, the audited transcript, live updates."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from bankchat.agents.types import Reply
from bankchat.db import session_scope
from bankchat.errors import NotAManager, SessionNotFound
from bankchat.models import AuditEntry, Handoff
from bankchat.services import ChatService, SessionView, UserView, audit, console, live
from tests.factories import FakeOrchestrator


def _talk(service: ChatService, fake: FakeOrchestrator, convo: SessionView, user: UserView, *agents: str) -> None:
    for agent in agents:
        fake.reply = Reply(content=f"from {agent}", agent=agent, intent="x", confidence=0.9, actions=[])
        service.send_message(session_id=convo.session_id, user=user, content=f"ask {agent}")


def test_active_sessions_show_counts_agent_mix_and_handoff(
    service: ChatService, fake: FakeOrchestrator, conversation: SessionView, user: UserView, staff: UserView
) -> None:
    _talk(service, fake, conversation, user, "accounts", "accounts", "transfers")
    with session_scope() as db:
        db.add(Handoff(session_id=conversation.session_id, user_id=user.id))
    with session_scope() as db:
        listed = console.active_sessions(db, manager=staff, limit=200)
        row = next(s for s in listed if s.session_id == conversation.session_id)
    assert row.customer == user.username
    assert row.message_count == 6
    assert row.agent_mix == {"accounts": 2, "transfers": 1}
    assert list(row.agent_mix) == ["accounts", "transfers"]  # most used first
    assert row.handoff == "queued"


def test_empty_and_closed_conversations_are_not_listed(service: ChatService, user: UserView, staff: UserView) -> None:
    with session_scope() as db:
        empty = service.start_conversation(db=db, user=user)
        closed = service.start_conversation(db=db, user=user)
    service.send_message(session_id=closed.session_id, user=user, content="hi")
    with session_scope() as db:
        service.close(db=db, session_id=closed.session_id, user_id=user.id)
    with session_scope() as db:
        listed = {s.session_id for s in console.active_sessions(db, manager=staff, limit=200)}
    assert empty.session_id not in listed
    assert closed.session_id not in listed


def test_every_look_at_a_transcript_is_audited(
    service: ChatService, fake: FakeOrchestrator, conversation: SessionView, user: UserView, staff: UserView
) -> None:
    _talk(service, fake, conversation, user, "accounts")
    with session_scope() as db:
        seen = console.transcript(db, manager=staff, session_id=conversation.session_id)
    with session_scope() as db:
        console.transcript(db, manager=staff, session_id=conversation.session_id)
        quiet = console.transcript(db, manager=staff, session_id=conversation.session_id, after_id=0, audited=False)
    assert [m.role for m in seen.messages] == ["user", "assistant"]
    assert seen.customer == user.username
    assert len(quiet.messages) == 2
    with session_scope() as db:
        entries = db.exec(select(AuditEntry).where(AuditEntry.session_id == conversation.session_id)).all()
    assert [(e.action, e.actor_id, e.subject_user_id) for e in entries] == [
        ("view_transcript", staff.id, user.id),
        ("view_transcript", staff.id, user.id),
    ]


def test_transcript_of_an_unknown_session_is_not_found(staff: UserView) -> None:
    for bad in ("sess_nope_0", "null", None, ""):
        with session_scope() as db, pytest.raises(SessionNotFound):
            console.transcript(db, manager=staff, session_id=bad)


def test_live_updates_are_the_owners_only(
    service: ChatService, fake: FakeOrchestrator, conversation: SessionView, user: UserView, other_user: UserView
) -> None:
    _talk(service, fake, conversation, user, "accounts")
    with session_scope() as db:
        first = live.updates_since(db, session_id=conversation.session_id, user_id=user.id, after_id=0)
        later = live.updates_since(
            db, session_id=conversation.session_id, user_id=user.id, after_id=first.messages[-1].id
        )
    assert [m.role for m in first.messages] == ["user", "assistant"]
    assert later.messages == []
    assert first.handoff == ""
    with session_scope() as db, pytest.raises(SessionNotFound):
        live.updates_since(db, session_id=conversation.session_id, user_id=other_user.id, after_id=0)


def test_audit_entries_by_newest_first(staff: UserView, conversation: SessionView) -> None:
    with session_scope() as db:
        for detail in ("a", "b"):
            audit.record(db, actor_id=staff.id, action="sync_check", detail=detail)
    with session_scope() as db:
        newest = audit.recent(db, manager=staff, limit=2)
        older = audit.recent(db, manager=staff, limit=1, before=newest[0].id)
        ids = [e.id for e in db.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(2))]
    assert [e.detail for e in newest] == ["b", "a"]
    assert [e.id for e in newest] == ids
    assert older[0].detail == "a"
    assert newest[0].actor == staff.username


def test_list_active_sessions_as_customer_is_not_a_manager(user: UserView) -> None:
    with session_scope() as db, pytest.raises(NotAManager):
        console.active_sessions(db, manager=user)


def test_read_transcript_as_customer_is_not_a_manager_and_unaudited(
    conversation: SessionView, user: UserView, other_user: UserView
) -> None:
    for caller in (user, other_user):  # not even the conversation's owner reads it through the console
        with session_scope() as db, pytest.raises(NotAManager):
            console.transcript(db, manager=caller, session_id=conversation.session_id)
    with session_scope() as db:
        assert db.exec(select(AuditEntry).where(AuditEntry.session_id == conversation.session_id)).all() == []
