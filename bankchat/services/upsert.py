"""Race-safe single statements: "insert or update" (``INSERT … ON CONFLICT DO UPDATE``) and
"insert if new" (``INSERT … ON CONFLICT DO NOTHING RETURNING``).

Both databases BankChat runs on (SQLite and PostgreSQL) have it; a single
statement means two workers writing the same row at once never fail on its key.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlmodel import Session as Db

from bankchat.db import run

Assignments = Callable[[Any], Mapping[str, Any]]
"""Builds the ``SET`` clause of the update from ``excluded``, the row that was refused."""


def upsert(
    db: Db | Connection, table: Table, *, values: Mapping[str, Any], keys: Sequence[str], on_conflict: Assignments
) -> None:
    """Insert ``values`` into ``table``, or update the row with the same ``keys``, in one statement."""
    dialect = (db.get_bind() if isinstance(db, Db) else db).dialect.name
    if dialect == "sqlite":
        stmt: Any = sqlite.insert(table).values(**values)
    elif dialect == "postgresql":
        stmt = postgresql.insert(table).values(**values)
    else:
        msg = f"upsert supports SQLite and PostgreSQL, not {dialect}"
        raise NotImplementedError(msg)
    db.execute(stmt.on_conflict_do_update(index_elements=list(keys), set_=dict(on_conflict(stmt.excluded))))


def upsert_row(db: Db, table: Table, *, values: Mapping[str, Any], keys: Sequence[str], update: Sequence[str]) -> None:
    """``upsert`` for a hot path: on a conflict, ``update`` takes the refused row's values.

    The statement is built once per table and dialect (the values are its parameters), and runs
    on the unit of work's connection (``db.run``: for the chat's own tables, which the ORM does
    not hold); ``upsert`` builds one each time (a quarter of a millisecond).
    """
    statement = _upsert(db.get_bind().dialect.name, table, tuple(keys), tuple(update))
    run(db, statement, dict(values))


def insert_if_new(db: Db, table: Table, *, values: Mapping[str, Any], keys: Sequence[str], returning: str) -> Any:
    """Insert ``values`` unless a row with the same ``keys`` exists (one statement, no read first).

    Returns the new row's ``returning`` column, or None when the row existed: the database's unique
    index decides, so two requests racing to store the same row store one.
    """
    statement = _insert_if_new(db.get_bind().dialect.name, table, tuple(keys), returning)
    return run(db, statement, dict(values)).scalar_one_or_none()


@functools.cache
def _upsert(dialect: str, table: Table, keys: tuple[str, ...], update: tuple[str, ...]) -> Any:
    """Built once per table and dialect; the columns are those of the parameters it runs with."""
    stmt = _insert(dialect, table, "upsert_row")
    return stmt.on_conflict_do_update(index_elements=list(keys), set_={name: stmt.excluded[name] for name in update})


@functools.cache
def _insert_if_new(dialect: str, table: Table, keys: tuple[str, ...], returning: str) -> Any:
    """Built once per table and dialect (bound parameters only)."""
    stmt = _insert(dialect, table, "insert_if_new")
    return stmt.on_conflict_do_nothing(index_elements=list(keys)).returning(table.c[returning])


def _insert(dialect: str, table: Table, what: str) -> Any:
    """The dialect's ``INSERT`` (the one with ``ON CONFLICT``)."""
    if dialect == "sqlite":
        return sqlite.insert(table)
    if dialect == "postgresql":
        return postgresql.insert(table)
    msg = f"{what} supports SQLite and PostgreSQL, not {dialect}"
    raise NotImplementedError(msg)
