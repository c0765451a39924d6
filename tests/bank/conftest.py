"""Fixtures for the bank tests: a migrated database of their own and sessions on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session as Db

from tests.factories import fresh_database


@pytest.fixture(scope="package")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A SQLite database for the bank tests, built by the migrations; the configured database meanwhile."""
    with fresh_database(tmp_path_factory.mktemp("bank") / "bank.db") as engine:
        yield engine


@pytest.fixture
def db(engine: Engine) -> Iterator[Db]:
    """A session on the bank database (tests commit when a second session must see their rows)."""
    with Db(engine, expire_on_commit=False) as db:
        yield db
