"""One race-safe "insert or update" statement (``INSERT … ON CONFLICT DO UPDATE``).

Both databases BankChat runs on (SQLite and PostgreSQL) have it; a single
statement means two workers writing the same row at once never fail on its key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlmodel import Session as Db

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
