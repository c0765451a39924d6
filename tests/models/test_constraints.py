"""The schema as alembic builds it: NOT NULL, foreign keys, uniqueness, UTC timestamps, no drift."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Integer, MetaData, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, StatementError
from sqlmodel import Session as Db
from sqlmodel import SQLModel

from bankchat.migrate import PROJECT_ROOT
from bankchat.models import ChatSession, Message, Session, UTCDateTime
from bankchat.services.session_manager import new_session_id
from tests.factories import fresh_database, make_user


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A database of this module's own, built by the alembic migrations (not create_all)."""
    with fresh_database(tmp_path_factory.mktemp("models") / "models.db") as engine:
        yield engine


@pytest.fixture
def db(engine: Engine) -> Iterator[Db]:
    with Db(engine) as db:
        yield db
        db.rollback()


@pytest.fixture
def session_row(engine: Engine) -> Session:
    """A committed user and session to hang chat sessions and messages on."""
    with Db(engine, expire_on_commit=False) as db:
        user = make_user(db)
        assert user.id is not None
        row = Session(id=new_session_id(), user_id=user.id)
        db.add(row)
        db.commit()
        return row


@pytest.fixture
def chat_row(engine: Engine, session_row: Session) -> ChatSession:
    with Db(engine, expire_on_commit=False) as db:
        chat = ChatSession(session_id=session_row.id, user_id=session_row.user_id)
        db.add(chat)
        db.commit()
        return chat


def test_sqlite_connection_enforces_foreign_keys(db: Db) -> None:
    assert db.connection().execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_insert_chat_session_without_session_id_fails_not_null(db: Db, session_row: Session) -> None:
    db.add(ChatSession(session_id=None, user_id=session_row.user_id))  # type: ignore[arg-type]
    with pytest.raises(IntegrityError, match=r"NOT NULL constraint failed: chat_session\.session_id"):
        db.flush()


def test_insert_chat_session_raw_sql_without_session_id_fails_not_null(db: Db, session_row: Session) -> None:
    """The NOT NULL lives in the database itself, not only in the model."""
    with pytest.raises(IntegrityError, match="NOT NULL"):
        db.connection().execute(
            text(
                "INSERT INTO chat_session"
                " (session_id, user_id, title, user_data, message_count, created_at, updated_at)"
                " VALUES (NULL, :uid, 't', '{}', 0, '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
            ),
            {"uid": session_row.user_id},
        )


def test_insert_chat_session_with_unknown_session_id_fails_foreign_key(db: Db, session_row: Session) -> None:
    db.add(ChatSession(session_id=new_session_id(), user_id=session_row.user_id))
    with pytest.raises(IntegrityError, match="FOREIGN KEY constraint failed"):
        db.flush()


def test_insert_chat_session_with_issued_session_id_succeeds(db: Db, session_row: Session) -> None:
    chat = ChatSession(session_id=session_row.id, user_id=session_row.user_id)
    db.add(chat)
    db.flush()
    assert chat.id is not None


def test_insert_second_chat_session_for_same_session_fails_unique(db: Db, chat_row: ChatSession) -> None:
    db.add(ChatSession(session_id=chat_row.session_id, user_id=chat_row.user_id))
    with pytest.raises(IntegrityError, match=r"UNIQUE constraint failed: chat_session\.session_id"):
        db.flush()


def test_insert_message_for_unknown_chat_session_fails_foreign_key(db: Db) -> None:
    db.add(Message(session_id=new_session_id(), role="user", content="orphan"))
    with pytest.raises(IntegrityError, match="FOREIGN KEY constraint failed"):
        db.flush()


def test_insert_two_messages_with_same_client_id_fails_unique(db: Db, chat_row: ChatSession) -> None:
    db.add(Message(session_id=chat_row.session_id, role="user", content="one", client_message_id="dup"))
    db.flush()
    db.add(Message(session_id=chat_row.session_id, role="user", content="two", client_message_id="dup"))
    with pytest.raises(
        IntegrityError, match=r"UNIQUE constraint failed: message\.session_id, message\.client_message_id"
    ):
        db.flush()


def test_a_second_reply_to_one_message_fails_unique(db: Db, chat_row: ChatSession) -> None:
    """Migration 0009: the database, not a read before the write, keeps a message to one reply."""
    asked = Message(session_id=chat_row.session_id, role="user", content="balance?")
    db.add(asked)
    db.flush()
    db.add(Message(session_id=chat_row.session_id, role="assistant", content="£10", reply_to_id=asked.id))
    db.flush()
    db.add(Message(session_id=chat_row.session_id, role="assistant", content="£10 again", reply_to_id=asked.id))
    with pytest.raises(IntegrityError, match=r"UNIQUE constraint failed: message\.reply_to_id"):
        db.flush()


def test_insert_messages_without_client_id_allowed_repeatedly(db: Db, chat_row: ChatSession) -> None:
    for content in ("one", "two", "three"):
        db.add(Message(session_id=chat_row.session_id, role="user", content=content))
    db.flush()


def test_utc_datetime_round_trip_returns_aware_utc(engine: Engine, session_row: Session) -> None:
    paris_summer = timezone(timedelta(hours=2))
    moment = datetime(2025, 7, 14, 12, 30, 15, 123456, tzinfo=paris_summer)
    with Db(engine) as db:
        row = db.get(Session, session_row.id)
        assert row is not None
        row.last_activity_at = moment
        db.add(row)
        db.commit()
    with Db(engine) as db:
        stored = db.get(Session, session_row.id)
        assert stored is not None
        assert stored.last_activity_at.tzinfo is not None
        assert stored.last_activity_at.utcoffset() == timedelta(0)
        assert stored.last_activity_at == datetime(2025, 7, 14, 10, 30, 15, 123456, tzinfo=UTC)
        assert stored.created_at.tzinfo is not None


def test_utc_datetime_refuses_naive_datetime(db: Db, session_row: Session) -> None:
    row = db.get(Session, session_row.id)
    assert row is not None
    row.last_activity_at = datetime(2025, 1, 1, 12, 0)  # naive on purpose
    db.add(row)
    with pytest.raises(StatementError, match="naive datetimes are not stored"):
        db.flush()


def test_utc_datetime_type_converts_in_both_directions() -> None:
    kind = UTCDateTime()
    dialect = sqlite.dialect()
    naive = datetime(2025, 1, 1, 12, 0)  # naive on purpose
    with pytest.raises(ValueError, match="naive"):
        kind.process_bind_param(naive, dialect)
    plus5 = datetime(2025, 1, 1, 12, 0, tzinfo=timezone(timedelta(hours=5)))
    assert kind.process_bind_param(plus5, dialect) == datetime(2025, 1, 1, 7, 0, tzinfo=UTC)
    assert kind.process_bind_param(None, dialect) is None
    assert kind.process_result_value(naive, dialect) == datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
    assert kind.process_result_value(None, dialect) is None


def test_migrations_reach_head(engine: Engine) -> None:
    script = ScriptDirectory.from_config(_alembic_config())
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == script.get_current_head()


def test_migrated_schema_matches_models_without_drift(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_drift_check_detects_model_change(engine: Engine) -> None:
    """The comparison above is live: a column the migrations lack shows up as drift."""
    changed = MetaData()
    for table in SQLModel.metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["chat_session"].append_column(Column("pinned", Integer, nullable=True))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), changed)
    assert [(d[0], d[3].name) for d in diff] == [("add_column", "pinned")]


def _alembic_config() -> Config:
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    return cfg
