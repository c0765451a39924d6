"""The floor's one table and its one transaction: the message and a canned reply, inserted together."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, create_engine, event, insert
from sqlalchemy.engine import Engine

CANNED_REPLY = "Thanks, your message has been received."
DB_ENV = "FLOOR_DB_URL"

metadata = MetaData()
messages = Table(
    "floor_message",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("conversation", String(64), nullable=False, index=True),
    Column("role", String(16), nullable=False),
    Column("content", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


@lru_cache(maxsize=1)
def engine() -> Engine:
    """SQLite with the same settings as BankChat's (WAL, synchronous=NORMAL, busy timeout); table created."""
    url = os.environ.get(DB_ENV, "sqlite:///floor.db")
    made = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(made, "connect")
    def _pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    metadata.create_all(made)
    return made


def store_exchange(conversation: str, text: str) -> str:
    """Insert the message and the canned reply in one transaction; return the reply."""
    now = datetime.now(UTC)
    with engine().begin() as conn:
        conn.execute(
            insert(messages),
            [
                {"conversation": conversation, "role": "user", "content": text, "created_at": now},
                {"conversation": conversation, "role": "assistant", "content": CANNED_REPLY, "created_at": now},
            ],
        )
    return CANNED_REPLY
