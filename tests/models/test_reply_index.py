"""Migration 0009: one reply per message, enforced by a unique index; a doubled history is refused, not trimmed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session as Db

from bankchat.models import Message
from tests.factories import fresh_database, migrate_to, old_conversation


@pytest.fixture
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with fresh_database(tmp_path_factory.mktemp("reply-index") / "replies.db") as engine:
        yield engine


def _asked(engine: Engine) -> int:
    """A committed conversation with one customer message; its row ID."""
    session_id = old_conversation(engine)
    with Db(engine) as db:
        asked = Message(session_id=session_id, role="user", content="balance?")
        db.add(asked)
        db.commit()
        assert asked.id is not None
        return asked.id


def _reply(engine: Engine, asked: int, content: str) -> None:
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO message (public_id, session_id, role, content, reply_to_id, trace, created_at) "
                "SELECT :public_id, session_id, 'assistant', :content, id, '{}', created_at FROM message WHERE id = :id"
            ),
            {"public_id": f"msg_{content:0>16}"[:20], "content": content, "id": asked},
        )


def test_upgrade_refuses_a_message_answered_twice_then_goes_through_once_resolved(engine: Engine) -> None:
    migrate_to(engine, "0008", down=True)
    asked = _asked(engine)
    _reply(engine, asked, "first")
    _reply(engine, asked, "second")

    with pytest.raises(RuntimeError, match=rf"answered twice.*\[{asked}\]"):
        migrate_to(engine, "head")

    with engine.begin() as connection:
        connection.execute(text("DELETE FROM message WHERE content = 'second'"))
    migrate_to(engine, "head")
    with engine.connect() as connection:
        unique = {row[1]: row[2] for row in connection.execute(text("PRAGMA index_list(message)"))}
    assert unique["ix_message_reply_to_id"] == 1


def test_downgrade_keeps_the_index_but_not_its_uniqueness(engine: Engine) -> None:
    migrate_to(engine, "0008", down=True)
    with engine.connect() as connection:
        unique = {row[1]: row[2] for row in connection.execute(text("PRAGMA index_list(message)"))}
    assert unique["ix_message_reply_to_id"] == 0
    migrate_to(engine, "head")
