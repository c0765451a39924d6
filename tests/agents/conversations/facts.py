"""Facts a reply must state, read from the database at the moment of the check."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session as Db
from sqlmodel import select

from bankchat.bank import accounts as bank_accounts
from bankchat.bank import cards as bank_cards
from bankchat.bank.money import format_cents
from bankchat.models import Transfer

Fact = Callable[[Db, int], str]


def _account(db: Db, owner: int, kind: str):  # type: ignore[no-untyped-def]
    return next(a for a in bank_accounts.list_accounts(db=db, owner_id=owner) if a.kind == kind)


def balance(kind: str) -> Fact:
    """The formatted balance of the customer's account of ``kind``."""
    return lambda db, owner: format_cents(_account(db, owner, kind).balance_cents)


def available(kind: str) -> Fact:
    """The formatted available amount (available credit for the card)."""
    return lambda db, owner: format_cents(_account(db, owner, kind).available_cents)


def account_name(kind: str) -> Fact:
    return lambda db, owner: _account(db, owner, kind).name


def _card(db: Db, owner: int, kind: str):  # type: ignore[no-untyped-def]
    return next(c for c in bank_cards.list_cards(db=db, owner_id=owner) if c.kind == kind)


def card_last4(kind: str) -> Fact:
    """The last four digits of the customer's ``debit`` or ``credit`` card."""
    return lambda db, owner: _card(db, owner, kind).last4


def text(value: str) -> Fact:
    """A fixed phrase."""
    return lambda db, owner: value


def transfers_made(db: Db, owner: int) -> int:
    return len(db.exec(select(Transfer).where(Transfer.owner_id == owner)).all())


def card_status(db: Db, owner: int) -> str:
    """The debit card's status (the card the card stories act on)."""
    return _card(db, owner, "debit").status
