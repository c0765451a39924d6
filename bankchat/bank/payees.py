"""Payees: the people outside the bank a customer pays, found by name or nickname."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, select

from bankchat.errors import PayeeNotFound
from bankchat.models import Payee


@dataclass(frozen=True)
class PayeeView:
    """A payee, with only masked bank details."""

    id: int
    name: str
    nickname: str
    bank_name: str
    masked_account: str
    sort_code: str

    @classmethod
    def of(cls, payee: Payee) -> PayeeView:
        assert payee.id is not None
        return cls(
            id=payee.id,
            name=payee.name,
            nickname=payee.nickname,
            bank_name=payee.bank_name,
            masked_account=payee.masked_account,
            sort_code=payee.sort_code,
        )


def owned_payee(*, db: Session, owner_id: int, payee_id: int) -> Payee:
    """The caller's payee row (for the bank's own modules); ``PayeeNotFound`` for anyone else's."""
    payee = db.exec(select(Payee).where(Payee.id == payee_id, Payee.owner_id == owner_id)).first()
    if payee is None:
        raise PayeeNotFound
    return payee


def list_payees(*, db: Session, owner_id: int) -> list[PayeeView]:
    """The customer's payees, alphabetically."""
    rows = db.exec(select(Payee).where(Payee.owner_id == owner_id)).all()
    return sorted((PayeeView.of(p) for p in rows), key=lambda p: (p.name.lower(), p.id))


def get_payee(*, db: Session, owner_id: int, payee_id: int) -> PayeeView:
    """One of the customer's payees; another user's answers ``PayeeNotFound`` like a missing one."""
    return PayeeView.of(owned_payee(db=db, owner_id=owner_id, payee_id=payee_id))


def find_payee(*, db: Session, owner_id: int, words: str) -> PayeeView | None:
    """The payee the customer means by ``words`` ("mum", "my landlord", "Bob"), or None.

    In order: the exact name or nickname, a name or nickname within the words,
    then a first name among the words (any case).
    """
    text = " ".join(words.lower().split())
    if not text:
        return None
    payees = list_payees(db=db, owner_id=owner_id)
    rules = (
        lambda p: text in (p.name.lower(), p.nickname),
        lambda p: _mentions(text, p.name.lower()) or _mentions(text, p.nickname),
        lambda p: _mentions(text, p.name.lower().split()[0]),
    )
    for rule in rules:
        for payee in payees:
            if rule(payee):
                return payee
    return None


def _mentions(text: str, phrase: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` as whole words."""
    return bool(phrase) and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None
