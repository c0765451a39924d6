"""Reads reused within one unit of work: a chat turn asks for the customer's accounts once, not four times.

Understanding "how much is in my savings" resolves "savings" against the accounts, and
the balance flow then reads them again to answer; a freeze finds the card, reads it,
changes it and reads it back. ``remembered`` keeps such a read (frozen views, keyed by what
it is and whose) in the database session's ``info``, so a read is repeated only after
something was written: every flush, every ``UPDATE``/``INSERT``/``DELETE`` sent through the
session, every commit and rollback forgets them all. A write in *another* session (a transfer
commits in a transaction of its own) cannot be seen from here: whoever makes one calls
``forget`` (the flow engine does after every act)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import event

# Db is SQLAlchemy's own session class, which sqlmodel's extends: the listeners below see every handle.
from sqlalchemy.orm import ORMExecuteState, SessionTransaction, UOWTransaction
from sqlalchemy.orm import Session as Db

T = TypeVar("T")

_KEY = "bankchat.reads"


def remembered(db: Db, key: Hashable, read: Callable[[], T]) -> T:
    """``read()``, or what it returned earlier in this unit of work if nothing was written since."""
    reads: dict[Hashable, Any] = db.info.setdefault(_KEY, {})
    if key not in reads:
        reads[key] = read()
    value: T = reads[key]
    return value


def forget(db: Db) -> None:
    """Drop every remembered read of ``db``."""
    db.info.pop(_KEY, None)


@event.listens_for(Db, "after_flush")
def _after_flush(db: Db, _flush: UOWTransaction) -> None:
    forget(db)


@event.listens_for(Db, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    if not state.is_select:
        forget(state.session)


@event.listens_for(Db, "after_transaction_end")
def _after_transaction(db: Db, _transaction: SessionTransaction) -> None:
    forget(db)
