"""Column types shared by the tables."""

from __future__ import annotations

import secrets
import string
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import DateTime, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel

TOUCH_EVERY = timedelta(minutes=1)
"""How often a "last used" time is written (a sign-in token's, a conversation's last activity): at most once
a minute, so a chat turn does not pay a write for a timestamp nobody reads to the second."""

PUBLIC_ID_MAX = 24
"""Column length of a public ID (a prefix of four characters and 16 random ones)."""


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def table_of(model: type[SQLModel]) -> Table:
    """The Core ``Table`` of a table class, for prebuilt Core statements."""
    table: Table = model.__table__  # type: ignore[attr-defined]  # SQLModel sets it without declaring it
    return table


_ID_ALPHABET = string.ascii_letters + string.digits
_ID_LENGTH = 16
_ID_SPACE = len(_ID_ALPHABET) ** _ID_LENGTH


def _random_part() -> str:
    """16 letters and digits (about 95 random bits, uniform), with no ``_`` or ``-`` to split on."""
    n, chars = secrets.randbelow(_ID_SPACE), []
    for _ in range(_ID_LENGTH):
        n, digit = divmod(n, len(_ID_ALPHABET))
        chars.append(_ID_ALPHABET[digit])
    return "".join(chars)


def new_message_public_id() -> str:
    """A message's ID as customers see it, ``msg_`` and a random part: it says nothing about volume or order."""
    return f"msg_{_random_part()}"


def new_entry_public_id() -> str:
    """A statement line's ID as customers see it, ``txn_`` and a random part."""
    return f"txn_{_random_part()}"


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every database (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            msg = "naive datetimes are not stored; use bankchat.models.utcnow()"
            raise ValueError(msg)
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        stamp: datetime | None = value  # DateTime's own result processor has made it a datetime
        if stamp is None:
            return None
        if stamp.tzinfo is None:
            return stamp.replace(tzinfo=UTC)
        return stamp.astimezone(UTC)
