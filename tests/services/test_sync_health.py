"""Session sync health: zero mismatches normally; every kind of planted mismatch is found."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text, update
from sqlmodel import Session as Db
from sqlmodel import col

from bankchat.db import session_scope
from bankchat.errors import NotAManager
from bankchat.models import ChatSession
from bankchat.services import ChatService, SessionManager, UserView, sync_health
from bankchat.services.session_manager import new_session_id
from tests.factories import FakeOrchestrator, fresh_database, make_user_view

STAFF = UserView(id=0, username="operator", display_name="Olive Operator", role="manager")
"""A manager who only reads (nothing is written under their ID)."""


def test_a_clean_database_has_no_mismatch(tmp_path: Path) -> None:
    with fresh_database(tmp_path / "clean.db"):
        service = ChatService(orchestrator=FakeOrchestrator(), sessions=SessionManager())
        with session_scope() as db:
            user = make_user_view(db)
            for _ in range(3):
                service.start_conversation(db=db, user=user)
        with session_scope() as db:
            report = sync_health.check(db, manager=STAFF)
    assert report.ok
    assert (report.sessions, report.chat_sessions, report.mismatch_count) == (3, 3, 0)


def test_planted_mismatches_are_all_found(tmp_path: Path) -> None:
    with fresh_database(tmp_path / "planted.db") as engine:
        service = ChatService(orchestrator=FakeOrchestrator(), sessions=SessionManager())
        with session_scope() as db:
            alice, bob = make_user_view(db), make_user_view(db)
            fine = service.start_conversation(db=db, user=alice)
            stolen = service.start_conversation(db=db, user=alice)
            lonely = SessionManager().create_session(db=db, user_id=alice.id)
            # A chat session whose owner is not the session's.
            db.execute(
                update(ChatSession).where(col(ChatSession.session_id) == stolen.session_id).values(user_id=bob.id)
            )
        # The original defect: a chat session stored under an ID SessionManager never issued.
        # The foreign key forbids it, so plant it with the checks off, as a broken writer would.
        ghost = new_session_id()
        with engine.connect() as conn:
            conn.execute(text("PRAGMA foreign_keys=OFF"))
            conn.execute(
                text(
                    "INSERT INTO chat_session (session_id, user_id, title, user_data, message_count, created_at,"
                    " updated_at) VALUES (:sid, :uid, 't', '{}', 0, '2026-11-26 00:00:00', '2026-11-26 00:00:00')"
                ),
                {"sid": ghost, "uid": alice.id},
            )
            conn.commit()
        with Db(engine) as db:
            report = sync_health.check(db, manager=STAFF)
    found = {(m.session_id, m.problem) for m in report.mismatches}
    assert found == {
        (ghost, "chat_without_session"),
        (lonely.id, "session_without_chat"),
        (stolen.session_id, "owner_differs"),
    }
    assert report.mismatch_count == 3
    assert not report.ok
    assert fine.session_id not in {m.session_id for m in report.mismatches}


def test_check_as_customer_is_not_a_manager(user: UserView) -> None:
    with session_scope() as db, pytest.raises(NotAManager):
        sync_health.check(db, manager=user)
