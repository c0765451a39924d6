"""A customer's own rows: another user's answers the same ``NotFound`` as a missing one.

Every read of a row by ID goes through here, so no caller can tell "not yours" from
"not there" (a guessed ID reveals nothing).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from sqlalchemy import Select, bindparam
from sqlalchemy import select as select_rows
from sqlmodel import Session as Db
from sqlmodel import SQLModel, select

from bankchat.errors import NotFound
from bankchat.models import table_of


class _Owned(Protocol):
    id: int | None
    owner_id: int


class _View(Protocol):
    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=_Owned)
V = TypeVar("V", bound=_View)


def owned_row(db: Db, table: type[R], *, owner_id: int, row_id: int, missing: type[NotFound]) -> R:
    """The ``table`` row ``row_id`` if ``owner_id`` owns it; else ``missing``."""
    row = db.exec(select(table).where(table.id == row_id, table.owner_id == owner_id)).first()
    if row is None:
        raise missing
    return row


def owned_rows(model: type[SQLModel]) -> Select[Any]:
    """Every ``model`` row of the customer bound as ``owner_id``, as plain rows: a statement to build once.

    Run with ``bankchat.db.run`` (no ORM on the chat path); the rows come in no particular order.
    """
    table = table_of(model)
    return select_rows(table).where(table.c.owner_id == bindparam("owner_id"))


def one_of(views: Iterable[V], view_id: int, missing: type[NotFound]) -> V:
    """The view with ``view_id`` among a customer's ``views``; else ``missing``."""
    found = next((v for v in views if v.id == view_id), None)
    if found is None:
        raise missing
    return found
