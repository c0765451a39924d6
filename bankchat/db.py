"""The database engine and unit-of-work helper shared by every layer."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.sql import Executable
from sqlmodel import Session as Db
from sqlmodel import create_engine

from bankchat.settings import get_settings


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """One engine per URL (SQLite gets WAL and a busy timeout for concurrent writers)."""
    if url.startswith("sqlite"):
        # A pool larger than the server's thread pool (40): a request may hold two connections.
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=20, max_overflow=60
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def get_engine() -> Engine:
    """The engine of the configured database."""
    return engine_for(get_settings().database_url)


@contextmanager
def session_scope() -> Iterator[Db]:
    """A session that commits on success and rolls back on any error."""
    with Db(get_engine(), expire_on_commit=False) as db:
        try:
            yield db
            db.commit()
        except BaseException:
            db.rollback()
            raise


def run(db: Db, statement: Executable, params: Mapping[str, Any] | None = None) -> CursorResult[Any]:
    """Run a prebuilt Core statement on the unit of work's connection, skipping the ORM's layer.

    For the chat turn's hot path: a statement on a table (not an ORM entity) run here costs a
    quarter of what ``db.execute`` costs (no ORM compile state, no session bookkeeping). Only for
    statements whose rows the ORM does not hold: nothing is flushed first or refreshed after, and
    the reads ``bank/reads.py`` remembers in the session are not forgotten (the chat's own tables).
    """
    return db.connection().execute(statement, params)
