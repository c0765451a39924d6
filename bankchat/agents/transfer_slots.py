"""Reading a transfer's amount, source and destination from the customer's words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session

from bankchat.agents.money import Problem, read_amount
from bankchat.bank import accounts as bank_accounts
from bankchat.bank import payees as bank_payees

_TO = re.compile(r"\b(?:to|into|towards|for)\s+(?P<what>.+?)(?=\s+\bfrom\b|\s+\bout of\b|$)", re.IGNORECASE)
_FROM = re.compile(r"\b(?:from|out of)\s+(?P<what>.+?)(?=\s+\b(?:to|into)\b|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Said:
    """What one message says about a transfer (None: not said)."""

    amount_cents: int | None
    amount_problem: Problem | None
    """Why an amount that was written cannot be used (negative, below a penny ...)."""
    source_id: int | None
    target: dict[str, object] | None
    """``{"type": "account"|"payee", "id": int}``."""

    @property
    def mentions_anything(self) -> bool:
        """Whether the message names an amount (usable or not), a source or a destination."""
        return (
            self.amount_cents is not None
            or self.amount_problem is not None
            or self.source_id is not None
            or self.target is not None
        )


def _target(db: Session, owner: int, words: str) -> dict[str, object] | None:
    account = bank_accounts.find_account(db=db, owner_id=owner, words=words)
    if account is not None:
        return {"type": "account", "id": account.id}
    payee = bank_payees.find_payee(db=db, owner_id=owner, words=words)
    if payee is not None:
        return {"type": "payee", "id": payee.id}
    return None


def read(db: Session, owner: int, text: str, asking: str = "") -> Said:
    """The amount, source and destination ``text`` gives; ``asking`` is the slot just asked for."""
    to_match, from_match = _TO.search(text), _FROM.search(text)
    source_id = None
    if from_match:
        source = bank_accounts.find_account(db=db, owner_id=owner, words=from_match.group("what"))
        source_id = source.id if source else None
    target = _target(db, owner, to_match.group("what")) if to_match else None
    if target is None and not to_match and not from_match:
        if asking == "source":
            found = bank_accounts.find_account(db=db, owner_id=owner, words=text)
            source_id = found.id if found else None
        else:
            payee = bank_payees.find_payee(db=db, owner_id=owner, words=text)
            target = {"type": "payee", "id": payee.id} if payee else None
            if target is None and asking == "target":
                target = _target(db, owner, text)
    amount_text = text
    for match in (to_match, from_match):
        if match:  # "to account 4821" names an account, not an amount
            amount_text = amount_text.replace(match.group(0), " ")
    amount = read_amount(amount_text)
    return Said(
        amount_cents=amount.cents,
        amount_problem=amount.problem,
        source_id=source_id,
        target=target,
    )
