"""Payees: the people outside the bank a customer pays, found by name or nickname (removed ones are neither
listed nor found; ``payee_changes`` adds, renames and removes them)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session as Db

from bankchat.bank import fuzzy
from bankchat.bank.owned import one_of, owned_row, owned_rows
from bankchat.bank.reads import remembered
from bankchat.db import run
from bankchat.errors import PayeeNotFound
from bankchat.models import Payee, table_of, view_of


@dataclass(frozen=True)
class PayeeView:
    """A payee, with only masked bank details."""

    id: int
    name: str
    nickname: str
    bank_name: str
    masked_account: str
    sort_code: str


_PAYEES = owned_rows(Payee).where(table_of(Payee).c.removed_at.is_(None))
"""A customer's listed payees as plain rows, built once (no ORM on the chat path); ``list_payees`` orders them."""


def owned_payee(*, db: Db, owner_id: int, payee_id: int, removed_too: bool = False) -> Payee:
    """The caller's payee row (for the bank's own modules); ``PayeeNotFound`` for anyone else's, and for a removed
    one unless ``removed_too`` (a past transfer still names the payee it went to)."""
    row = owned_row(db, Payee, owner_id=owner_id, row_id=payee_id, missing=PayeeNotFound)
    if row.removed_at is not None and not removed_too:
        raise PayeeNotFound
    return row


def list_payees(*, db: Db, owner_id: int) -> list[PayeeView]:
    """The customer's payees, alphabetically (read once per unit of work until something is written)."""

    def read() -> list[PayeeView]:
        if db.autoflush:  # as the ORM query did: a payee added in this unit of work is listed
            db.flush()
        rows = run(db, _PAYEES, {"owner_id": owner_id})
        return sorted((view_of(PayeeView, p) for p in rows), key=lambda p: (p.name.lower(), p.id))

    return list(remembered(db, ("payees", owner_id), read))


def get_payee(*, db: Db, owner_id: int, payee_id: int) -> PayeeView:
    """One of the customer's payees; another user's answers ``PayeeNotFound`` like a missing one."""
    return one_of(list_payees(db=db, owner_id=owner_id), payee_id, PayeeNotFound)


def find_payee(*, db: Db, owner_id: int, words: str) -> PayeeView | None:
    """The payee the customer means by ``words`` ("mum", "my landlord", "Bob", "bbo"), or None.

    In order: the exact name or nickname; a name or nickname within the words;
    a first name or surname among the words (any case); then, if exactly one
    payee is nearest, a typo of a nickname, first name or surname ("Priyaa",
    "landlrd"; see ``bankchat.bank.fuzzy`` for what counts as a typo).
    """
    text = " ".join(words.lower().split())
    if not text:
        return None
    payees = list_payees(db=db, owner_id=owner_id)
    rules: tuple[Callable[[PayeeView], bool], ...] = (
        lambda p: text in (p.name.lower(), p.nickname.lower()),
        lambda p: _mentions(text, p.name.lower()) or _mentions(text, p.nickname.lower()),
        lambda p: any(_mentions(text, word) for word in _name_words(p)),
    )
    for rule in rules:
        for payee in payees:
            if rule(payee):
                return payee
    return _nearest_payee(set(re.findall(r"[a-z]+", text)), payees)


def _name_words(payee: PayeeView) -> set[str]:
    """The words a payee goes by alone: the nickname, the first name and, for a person, the surname.

    A business name ("Landlord - Greenway Lettings") has no surname: "lettings" alone names no one.
    """
    words = re.findall(r"[a-z]+", payee.name.lower())
    person = re.fullmatch(r"[a-z'’]+(?: [a-z'’]+){1,2}", " ".join(payee.name.lower().split())) is not None
    return {w for w in (payee.nickname.lower(), *words[:1], *(words[-1:] if person else ())) if w}


def _nearest_payee(tokens: set[str], payees: list[PayeeView]) -> PayeeView | None:
    """The one payee a word of the customer's is a typo for (two payees equally near: None)."""
    best: dict[int, tuple[int, PayeeView]] = {}
    for payee in payees:
        distances = [d for t in tokens for w in _name_words(payee) if (d := fuzzy.typo_distance(t, w)) is not None]
        if distances:
            best[payee.id] = (min(distances), payee)
    ranked = sorted(best.values(), key=lambda pair: pair[0])
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return None
    return ranked[0][1]


def _mentions(text: str, phrase: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` as whole words."""
    return bool(phrase) and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None
