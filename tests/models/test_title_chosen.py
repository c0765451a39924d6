"""Migration 0010: ``chat_session.title_chosen``, true for existing rows whose title is not the default."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bankchat.models import DEFAULT_TITLE
from tests.factories import fresh_database, migrate_to, old_conversation


@pytest.fixture
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with fresh_database(tmp_path_factory.mktemp("title-chosen") / "titles.db") as engine:
        yield engine


def _flags(engine: Engine) -> dict[str, bool]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT session_id, title_chosen FROM chat_session"))
        return {row[0]: bool(row[1]) for row in rows}


def test_upgrade_marks_titles_other_than_the_default_as_chosen(engine: Engine) -> None:
    migrate_to(engine, "0009", down=True)
    default = old_conversation(engine, DEFAULT_TITLE)
    renamed = old_conversation(engine, "Trip budget")

    migrate_to(engine, "head")

    assert _flags(engine) == {default: False, renamed: True}


def test_downgrade_drops_the_flag_and_keeps_the_titles(engine: Engine) -> None:
    migrate_to(engine, "0009", down=True)
    renamed = old_conversation(engine, "Trip budget")
    migrate_to(engine, "head")

    migrate_to(engine, "0009", down=True)
    with engine.connect() as connection:
        columns = [row[1] for row in connection.execute(text("PRAGMA table_info(chat_session)"))]
        titles = dict(connection.execute(text("SELECT session_id, title FROM chat_session")).all())
    assert "title_chosen" not in columns
    assert titles == {renamed: "Trip budget"}
    migrate_to(engine, "head")
