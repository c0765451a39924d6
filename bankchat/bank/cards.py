"""Cards: list, freeze, unfreeze, report lost. ``lost`` is final.

Each action is one conditional UPDATE (``... WHERE status = 'active'``), so a
freeze racing a report of loss can never bring a lost card back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Row, Table, bindparam, select, update
from sqlmodel import Session as Db
from sqlmodel import col

from bankchat.bank import fuzzy
from bankchat.bank.owned import one_of
from bankchat.bank.reads import remembered
from bankchat.db import run
from bankchat.errors import CardActionRejected, CardNotFound
from bankchat.models import Account, Card, table_of, utcnow, view_of

STATUSES = ("active", "frozen", "lost")
BRAND_WORDS = ("visa", "mastercard", "amex")
"""Card brands as customers say them (see ``brand_word``)."""
CARD_KIND_WORDS = {"debit": "debit", "credit": "credit", "cc": "credit"}
"""Words that name the kind of card."""
_FUZZY_CARD_WORDS = ("debit", "credit", "mastercard")
_ENDING = re.compile(
    r"\b(?:ending|ends?|last (?:four|4)(?: digits)?)(?:\s+(?:in|with|of|is|are))?\s*(\d{4})(?!\d)", re.IGNORECASE
)
"""Four digits said as a card's ending ("the visa ending 1311", "last 4 are 1311")."""


@dataclass(frozen=True)
class CardView:
    """A card as the customer may see it (only the last four digits exist)."""

    id: int
    account_id: int
    account_name: str
    kind: str
    """``debit`` (on a checking account) or ``credit`` (on a credit card account)."""
    brand: str
    last4: str
    status: str
    """``active``, ``frozen`` or ``lost``."""
    updated_at: datetime


class CardChange(NamedTuple):
    """The card after an action, and whether the action changed anything (False: it already was so)."""

    card: CardView
    changed: bool


def list_cards(*, db: Db, owner_id: int) -> list[CardView]:
    """The customer's cards, oldest first (read once per unit of work until something is written)."""

    def read() -> list[CardView]:
        return [_view(row) for row in run(db, _CARDS, {"owner_id": owner_id})]

    return list(remembered(db, ("cards", owner_id), read))


def get_card(*, db: Db, owner_id: int, card_id: int) -> CardView:
    """One of the customer's cards; another user's answers ``CardNotFound`` like a missing one."""
    return one_of(list_cards(db=db, owner_id=owner_id), card_id, CardNotFound)


def find_card(*, db: Db, owner_id: int, words: str) -> CardView | None:
    """The card meant by ``words`` ("my credit card", "the Visa", "ending 1234"), or None if unclear.

    Last four digits win; then the kind ("debit", "credit", "cc") and the brand
    ("visa", "master card", "amex"), typos forgiven, narrow the cards down. When
    several cards fit, the one that is not lost is meant; with a single card that
    is not lost, any words that name no other card mean that one.
    """
    text = words.lower()
    cards = list_cards(db=db, owner_id=owner_id)
    for digits in re.findall(r"(?<!\d)(\d{4})(?!\d)", text):
        for card in cards:
            if card.last4 == digits:
                return card
    if _ENDING.search(text):
        return None  # "the visa ending 1311": not the Visa the customer has, which ends otherwise
    tokens = card_tokens(text)
    kinds = {kind for token in tokens if (kind := CARD_KIND_WORDS.get(token))}
    brands = tokens & set(BRAND_WORDS)
    named = [
        c
        for c in cards
        if (kinds or brands) and (not kinds or c.kind in kinds) and (not brands or brand_word(c.brand) in brands)
    ]
    if named:
        if len(named) == 1:
            return named[0]
        usable = [c for c in named if c.status != "lost"]
        return usable[0] if len(usable) == 1 else None
    usable = [c for c in cards if c.status != "lost"]
    return usable[0] if len(usable) == 1 and not (kinds or brands) else None


def unknown_ending(*, db: Db, owner_id: int, words: str) -> str | None:
    """The four digits ``words`` gives as a card's ending when none of the customer's cards ends so."""
    said = _ENDING.search(words)
    if said is None or any(c.last4 == said.group(1) for c in list_cards(db=db, owner_id=owner_id)):
        return None
    return said.group(1)


def brand_word(brand: str) -> str:
    """The word a customer uses for a card brand: "Visa Debit" → ``visa``, "American Express" → ``amex``."""
    lowered = brand.lower()
    return next((word for word in BRAND_WORDS if word in lowered.replace("american express", "amex")), lowered)


def card_text(text: str) -> str:
    """``text`` in lower case with brand spellings made one word ("master card", "American Express").

    The length never changes, so positions in the result are positions in ``text``.
    """
    lowered = re.sub(r"\bmaster\s+card\b", lambda m: "mastercard".ljust(len(m.group())), text.lower())
    return re.sub(r"\bamerican\s+express\b", lambda m: "amex".ljust(len(m.group())), lowered)


def card_tokens(text: str) -> set[str]:
    """The words of ``text`` as ``card_text`` spells them, with typos of card words corrected."""
    tokens = set(re.findall(r"[a-z]+", card_text(text)))
    return tokens | {fixed for token in tokens if (fixed := fuzzy.nearest(token, _FUZZY_CARD_WORDS))}


def freeze_card(*, db: Db, owner_id: int, card_id: int) -> CardChange:
    """Block payments on an active card (a frozen card stays frozen: ``changed=False``)."""
    return _transition(db, owner_id, card_id, to="frozen", allowed_from=("active",))


def unfreeze_card(*, db: Db, owner_id: int, card_id: int) -> CardChange:
    """Allow payments again; a lost card cannot be unfrozen (``CardActionRejected``, code ``card_lost``)."""
    return _transition(db, owner_id, card_id, to="active", allowed_from=("frozen",))


def report_lost(*, db: Db, owner_id: int, card_id: int) -> CardChange:
    """Block the card for good (reporting it twice changes nothing the second time)."""
    return _transition(db, owner_id, card_id, to="lost", allowed_from=("active", "frozen"))


def _transition(db: Db, owner_id: int, card_id: int, *, to: str, allowed_from: tuple[str, ...]) -> CardChange:
    result = db.exec(
        update(Card)
        .where(col(Card.id) == card_id, col(Card.owner_id) == owner_id, col(Card.status).in_(allowed_from))
        .values(status=to, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    card = get_card(db=db, owner_id=owner_id, card_id=card_id)
    if result.rowcount == 1:
        return CardChange(card, changed=True)
    if card.status == to:
        return CardChange(card, changed=False)
    raise CardActionRejected("card_lost", f"Your {card.brand} ending {card.last4} was reported lost and stays blocked")


_CARD: Table = table_of(Card)
_ACCOUNT: Table = table_of(Account)
_CARDS = (
    select(_CARD, _ACCOUNT.c.name.label("account_name"), _ACCOUNT.c.kind.label("account_kind"))
    .join(_ACCOUNT, _ACCOUNT.c.id == _CARD.c.account_id)
    .where(_CARD.c.owner_id == bindparam("owner_id"))
    .order_by(_CARD.c.id)
)
"""A customer's cards with their accounts' names and kinds: plain rows, built once (no ORM on the chat path)."""


def _view(row: Row[Any]) -> CardView:
    return view_of(CardView, row, kind="credit" if row.account_kind == "credit" else "debit")
