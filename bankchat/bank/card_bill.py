"""The credit card bill: what is owed, the minimum payment and when it is due, by one rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session as Db

from bankchat.bank.accounts import AccountView, list_accounts

DUE_DAY = 25
"""Each month's bill is due on this day."""
MINIMUM_FLOOR_CENTS = 2_500
MINIMUM_PERCENT = 3


@dataclass(frozen=True)
class CardBill:
    """A credit card's current bill."""

    account: AccountView
    owed_cents: int
    """What the customer owes (0 when the card is in credit or clear)."""
    minimum_cents: int
    """3% of what is owed, at least £25, never more than what is owed."""
    due: date


def minimum_payment(owed_cents: int) -> int:
    """The minimum payment on ``owed_cents``: 3% rounded up to the penny, at least £25, at most the whole."""
    if owed_cents <= 0:
        return 0
    return min(owed_cents, max(MINIMUM_FLOOR_CENTS, -(-owed_cents * MINIMUM_PERCENT // 100)))


def due_date(today: date) -> date:
    """The next due date on or after ``today``."""
    this_month = today.replace(day=DUE_DAY)
    if today <= this_month:
        return this_month
    return (today.replace(day=1) + timedelta(days=32)).replace(day=DUE_DAY)


def card_bills(*, db: Db, owner_id: int, today: date) -> list[CardBill]:
    """The bill of each of the customer's credit cards."""
    bills = []
    for account in list_accounts(db=db, owner_id=owner_id):
        if account.kind == "credit":
            owed = max(0, -account.balance_cents)
            bills.append(CardBill(account, owed, minimum_payment(owed), due_date(today)))
    return bills
