"""Accounts: the customer's balances, and resolving "my savings" to one of them."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row
from sqlmodel import Session as Db

from bankchat.bank import fuzzy
from bankchat.bank.cards import BRAND_WORDS, brand_word, card_text, list_cards
from bankchat.bank.owned import one_of, owned_row, owned_rows
from bankchat.bank.reads import remembered
from bankchat.db import run
from bankchat.errors import AccountNotFound
from bankchat.models import Account, view_of

KINDS = ("checking", "savings", "credit")
"""Account kinds, in the order accounts are listed."""

KIND_WORDS: dict[str, tuple[str, ...]] = {
    "savings": ("savings", "saving", "saver", "isa", "rainy", "pot"),
    "checking": ("checking", "chequing", "cheque", "current", "everyday", "main", "debit"),
    "credit": ("credit", "cc"),
}
"""Words a customer may use for each kind of account ("current account", "rainy day", "savings pot", "cc").

Card brands ("visa", "amex") name the account their card is on, so they are read from the customer's cards.
"""
ALL_WORDS = frozenset({"all", "altogether", "combined", "every", "everything", "overall", "total", "together"})
"""Words that, when no account is named, mean every account ("all my accounts", "altogether")."""
_WORD_KINDS = {word: kind for kind, words in KIND_WORDS.items() for word in words}
_FUZZY_KIND_WORDS = tuple(word for word in _WORD_KINDS if len(word) >= 6)
"""Only long words forgive typos ("savngs", "chekcing"): short ones sit too near ordinary words."""
_NOT_AN_ACCOUNT = re.compile(r"current(?:ly)?\s+(?:balance|spending|month|week|year|limit|overdraft|rate|status)")
""""My current balance" means now, not the current account."""
_LAST_FOUR = re.compile(
    r"(?:\b(?:ending|ends?)(?:\s+(?:in|with))?|\b(?:account|acct|card|number|no)\.?|#|[*•x]{2,})\s*(\d{4})(?!\d)"
)
"""Last four digits said as such ("ending 4821", "****4821", "account 4821"); a bare number may be an amount."""


@dataclass(frozen=True)
class AccountView:
    """An account as the agents and the UI see it."""

    id: int
    name: str
    kind: str
    """``checking``, ``savings`` or ``credit``."""
    masked_number: str
    currency: str
    balance_cents: int
    """For a credit card, negative is what is owed."""
    available_cents: int
    """What may be spent or sent now: balance + credit limit + overdraft."""
    credit_limit_cents: int
    overdraft_limit_cents: int
    daily_transfer_limit_cents: int

    @classmethod
    def of(cls, account: Account | Row[Any]) -> AccountView:
        """From the table row (or a plain row of its columns)."""
        assert account.id is not None
        available = account.balance_cents + account.credit_limit_cents + account.overdraft_limit_cents
        return view_of(cls, account, available_cents=available)


_ACCOUNTS = owned_rows(Account)
"""A customer's accounts as plain rows, built once (no ORM on the chat path); ``list_accounts`` orders them."""


def owned_account(*, db: Db, owner_id: int, account_id: int) -> Account:
    """The caller's account row (for the bank's own modules); ``AccountNotFound`` for anyone else's."""
    return owned_row(db, Account, owner_id=owner_id, row_id=account_id, missing=AccountNotFound)


def list_accounts(*, db: Db, owner_id: int) -> list[AccountView]:
    """The customer's accounts: checking, savings, then credit cards (read once per unit of work until a write)."""

    def read() -> list[AccountView]:
        rows = run(db, _ACCOUNTS, {"owner_id": owner_id})  # a Core read: the session would not autoflush either
        return sorted((AccountView.of(a) for a in rows), key=lambda a: (_kind_rank(a.kind), a.id))

    return list(remembered(db, ("accounts", owner_id), read))


def get_account(*, db: Db, owner_id: int, account_id: int) -> AccountView:
    """One of the customer's accounts; another user's answers ``AccountNotFound`` like a missing one."""
    return one_of(list_accounts(db=db, owner_id=owner_id), account_id, AccountNotFound)


def find_account(*, db: Db, owner_id: int, words: str) -> AccountView | None:
    """The account the customer means by ``words`` ("savings", "my current account", "4821"), or None.

    Tries the account's name, then the last four digits of its number, then the
    kind's words and card brands (typos forgiven); the first account of the kind
    wins, and the first mention in ``words`` when several are named.
    """
    mentions = _mentions(db, owner_id, words)
    for tier in ("name", "digits", "word"):
        for mention in mentions:
            if mention.tier == tier:
                return mention.account
    return None


def find_accounts(*, db: Db, owner_id: int, words: str) -> list[AccountView]:
    """Every account ``words`` name, in the order named; empty when they name none.

    "savings n checking combined" gives savings then checking. With no account
    named, "all my accounts" (or "altogether", "total" ...) gives every account
    and "both" the checking and savings accounts.
    """
    named: list[AccountView] = []
    for mention in sorted(_mentions(db, owner_id, words), key=lambda m: m.at):
        if mention.account not in named:
            named.append(mention.account)
    if named:
        return named
    tokens = set(re.findall(r"[a-z]+", words.lower()))
    accounts = list_accounts(db=db, owner_id=owner_id)
    if "both" in tokens:
        pair = [a for a in (_first_of(accounts, "checking"), _first_of(accounts, "savings")) if a is not None]
        return pair if len(pair) == 2 else (accounts if len(accounts) == 2 else [])
    return accounts if tokens & ALL_WORDS else []


@dataclass(frozen=True)
class _Mention:
    at: int
    """Where in the words the account is named."""
    tier: str
    """``name``, ``digits`` or ``word`` (a kind's word or a card brand)."""
    account: AccountView


def _mentions(db: Db, owner_id: int, words: str) -> list[_Mention]:
    """Each place ``words`` name one of the customer's accounts."""
    text = " ".join(words.lower().split())
    if not text:
        return []
    accounts = list_accounts(db=db, owner_id=owner_id)
    found: list[_Mention] = []
    for account in accounts:
        pattern = rf"(?<!\w){re.escape(account.name.lower())}(?!\w)"
        found += [_Mention(m.start(), "name", account) for m in re.finditer(pattern, text)]
    by_digits = {a.masked_number[-4:]: a for a in accounts}
    alone = re.fullmatch(r"\W*(\d{4})\W*", text)  # the answer to "which account?"
    said = [alone] if alone else list(_LAST_FOUR.finditer(text))
    found += [_Mention(m.start(), "digits", by_digits[m.group(1)]) for m in said if m.group(1) in by_digits]
    named_spans = [(m.at, m.at + len(m.account.name)) for m in found if m.tier == "name"]
    tokens = list(re.finditer(r"[a-z]+", card_text(text)))
    said_brand = any(m.group() in BRAND_WORDS for m in tokens)
    brands = _brand_accounts(db, owner_id, accounts) if said_brand else {}  # the cards are read only when needed
    for m in tokens:
        if any(start <= m.start() < end for start, end in named_spans) or _NOT_AN_ACCOUNT.match(text, m.start()):
            continue
        named = brands.get(m.group()) or _first_of(accounts, _kind_of(m.group()))
        if named is not None:
            found.append(_Mention(m.start(), "word", named))
    return found


@functools.lru_cache(maxsize=4096)
def _kind_of(token: str) -> str | None:
    """The kind of account a word names, forgiving typos in the longer words."""
    word = token if token in _WORD_KINDS else fuzzy.nearest(token, _FUZZY_KIND_WORDS)
    return _WORD_KINDS.get(word) if word else None


def _brand_accounts(db: Db, owner_id: int, accounts: list[AccountView]) -> dict[str, AccountView]:
    """Brand word → the account its card is on ("visa" → the checking account of a Visa Debit)."""
    by_id = {a.id: a for a in accounts}
    found: dict[str, AccountView] = {}
    for card in list_cards(db=db, owner_id=owner_id):
        if card.account_id in by_id:
            found.setdefault(brand_word(card.brand), by_id[card.account_id])
    return found


def _first_of(accounts: list[AccountView], kind: str | None) -> AccountView | None:
    return next((a for a in accounts if a.kind == kind), None)


def _kind_rank(kind: str) -> int:
    return KINDS.index(kind) if kind in KINDS else len(KINDS)
