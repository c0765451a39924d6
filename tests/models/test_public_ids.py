"""Public IDs of messages and statement lines (pen-test 18.9d): random, unique, given to old rows by 0008."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session as Db

from bankchat.bank import seed_bank_demo
from bankchat.models import ChatSession, Message, Session
from bankchat.services.session_manager import new_session_id
from tests.factories import fresh_database, make_user, migrate_to

PUBLIC_ID = {"message": re.compile(r"msg_[A-Za-z0-9_-]{16}"), "ledger_entry": re.compile(r"txn_[A-Za-z0-9_-]{16}")}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A migrated database with a customer's bank history and a conversation of twelve messages."""
    with fresh_database(tmp_path_factory.mktemp("public-ids") / "ids.db") as engine:
        with Db(engine) as db:
            user = make_user(db)
            assert user.id is not None
            seed_bank_demo(db=db, user_id=user.id, username=user.username, today=date(2026, 12, 1))
            session = Session(id=new_session_id(), user_id=user.id)
            db.add(session)
            db.flush()
            db.add(ChatSession(session_id=session.id, user_id=user.id))
            db.flush()
            for n in range(12):
                db.add(Message(session_id=session.id, role="user", content=f"m{n}"))
            db.commit()
        yield engine


def _public_ids(engine: Engine, table: str) -> list[str | None]:
    with engine.connect() as connection:
        return [row[0] for row in connection.execute(text(f"SELECT public_id FROM {table} ORDER BY id"))]


@pytest.mark.parametrize("table", ["message", "ledger_entry"])
def test_new_rows_get_random_unique_public_ids(engine: Engine, table: str) -> None:
    ids = _public_ids(engine, table)

    assert len(ids) >= 5
    assert all(i is not None and PUBLIC_ID[table].fullmatch(i) for i in ids)
    assert len(set(ids)) == len(ids)
    assert ids != sorted(ids)  # created one after another, yet in no order (chance: 1 in 12! or less)


def test_migration_0008_gives_existing_rows_new_ids_and_downgrades(engine: Engine) -> None:
    before = {table: _public_ids(engine, table) for table in PUBLIC_ID}

    migrate_to(engine, "0007", down=True)
    with engine.connect() as connection:
        columns = [row[1] for row in connection.execute(text("PRAGMA table_info(message)"))]
    assert "public_id" not in columns
    migrate_to(engine, "head")

    for table, old in before.items():
        new = _public_ids(engine, table)
        assert len(new) == len(old)
        assert all(i is not None and PUBLIC_ID[table].fullmatch(i) for i in new)
        assert len(set(new)) == len(new)
        assert not set(new) & set(old)  # drawn afresh, not derived from anything


def test_public_id_is_unique_in_the_database(engine: Engine) -> None:
    taken = _public_ids(engine, "message")[0]

    with engine.begin() as connection, pytest.raises(IntegrityError):
        connection.execute(
            text("UPDATE message SET public_id = :taken WHERE id = (SELECT max(id) FROM message)"), {"taken": taken}
        )


def test_new_ids_are_a_prefix_and_sixteen_letters_or_digits() -> None:
    """Nothing after the prefix to split on, so no part of an ID can read as a count (the CI flake of session 5)."""
    from bankchat.models.types import new_entry_public_id, new_message_public_id

    for make, prefix in ((new_message_public_id, "msg_"), (new_entry_public_id, "txn_")):
        ids = {make() for _ in range(2_000)}
        assert len(ids) == 2_000
        assert all(re.fullmatch(prefix + r"[A-Za-z0-9]{16}", i) for i in ids)
