"""Accounts: the customer's balances, and resolving "my savings" to one of them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, col, select

from bankchat.errors import AccountNotFound
from bankchat.models import Account

KINDS = ("checking", "savings", "credit")
"""Account kinds, in the order accounts are listed."""

KIND_WORDS: dict[str, tuple[str, ...]] = {
    "savings": ("savings", "saving", "saver", "isa", "rainy"),
    "checking": ("checking", "chequing", "current", "everyday", "main", "debit"),
    "credit": ("credit", "visa", "mastercard", "amex"),
}
"""Words a customer may use for each kind of account."""


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
    def of(cls, account: Account) -> AccountView:
        assert account.id is not None
        return cls(
            id=account.id,
            name=account.name,
            kind=account.kind,
            masked_number=account.masked_number,
            currency=account.currency,
            balance_cents=account.balance_cents,
            available_cents=account.balance_cents + account.credit_limit_cents + account.overdraft_limit_cents,
            credit_limit_cents=account.credit_limit_cents,
            overdraft_limit_cents=account.overdraft_limit_cents,
            daily_transfer_limit_cents=account.daily_transfer_limit_cents,
        )


def owned_account(*, db: Session, owner_id: int, account_id: int) -> Account:
    """The caller's account row (for the bank's own modules); ``AccountNotFound`` for anyone else's."""
    account = db.exec(select(Account).where(Account.id == account_id, Account.owner_id == owner_id)).first()
    if account is None:
        raise AccountNotFound
    return account


def list_accounts(*, db: Session, owner_id: int) -> list[AccountView]:
    """The customer's accounts: checking, savings, then credit cards."""
    rows = db.exec(select(Account).where(Account.owner_id == owner_id).order_by(col(Account.id))).all()
    return sorted((AccountView.of(a) for a in rows), key=lambda a: (_kind_rank(a.kind), a.id))


def get_account(*, db: Session, owner_id: int, account_id: int) -> AccountView:
    """One of the customer's accounts; another user's answers ``AccountNotFound`` like a missing one."""
    return AccountView.of(owned_account(db=db, owner_id=owner_id, account_id=account_id))


def find_account(*, db: Session, owner_id: int, words: str) -> AccountView | None:
    """The account the customer means by ``words`` ("savings", "my current account", "4821"), or None.

    Tries the exact name, then the last digits of the number, then the kind's
    words; the first account of the kind wins.
    """
    text = " ".join(words.lower().split())
    if not text:
        return None
    accounts = list_accounts(db=db, owner_id=owner_id)
    for account in accounts:
        if account.name.lower() == text or account.name.lower() in text:
            return account
    digits = set(re.findall(r"\b\d{4}\b", text))
    for account in accounts:
        if digits and account.masked_number[-4:] in digits:
            return account
    tokens = set(re.findall(r"[a-z]+", text))
    for kind in _kinds_mentioned(tokens):
        for account in accounts:
            if account.kind == kind:
                return account
    return None


def _kinds_mentioned(tokens: set[str]) -> list[str]:
    # "credit card" names the credit kind even though "card" alone also fits a debit card.
    return [kind for kind, kind_words in KIND_WORDS.items() if tokens.intersection(kind_words)]


def _kind_rank(kind: str) -> int:
    return KINDS.index(kind) if kind in KINDS else len(KINDS)
