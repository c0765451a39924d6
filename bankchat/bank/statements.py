"""Monthly statements: one account's calendar month from the ledger, reconciled with it.

The ledger is the only truth: an account's balance is the sum of its entries, so

1. the **opening** balance of a month is the sum of the entries before its first day;
2. each **line** is one entry of the month (by value date), in booking order, with the
   running balance after it;
3. the **closing** balance is the opening plus the month's entries: the next month's
   opening, and for the current month the balance now.

A statement exists for every month from the account's first (its first entry, or its
opening if it has none) to the current month; a month before it or after today is
``StatementNotFound``, a month that is no month (``2025-13``) is ``InvalidMonth``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.bank.accounts import AccountView, get_account, owned_account
from bankchat.bank.ledger_line import LedgerLine
from bankchat.bank.months import add_months as add_months  # the flows and tests read it here
from bankchat.bank.months import month_end as month_end
from bankchat.errors import InvalidMonth, StatementNotFound
from bankchat.models import LedgerEntry, view_of

_MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class StatementLine(LedgerLine):
    """One posting of the month."""

    balance_cents: int
    """The running balance after this line (the opening plus every line up to it)."""


@dataclass(frozen=True)
class Statement:
    """One account's statement for one calendar month."""

    account: AccountView
    month: date
    """The month's first day."""
    end: date
    """The last day covered: the month's last, or today for the current month."""
    opening_cents: int
    lines: tuple[StatementLine, ...]
    closing_cents: int
    money_in_cents: int
    """The month's credits, a positive number."""
    money_out_cents: int
    """The month's debits, as a positive number."""
    to_date: bool
    """Whether the month is still running (the current month: more may come)."""

    @property
    def label(self) -> str:
        """ "February 2025"."""
        return month_label(self.month)

    @property
    def key(self) -> str:
        """ "2025-02", as the REST routes and file names write it."""
        return f"{self.month:%Y-%m}"


def month_label(month: date) -> str:
    """ "February 2025"."""
    return f"{month:%B %Y}"


def parse_month(text: object) -> date:
    """``"2025-02"`` → the month's first day; anything else (``"2025-13"``, ``"feb"``) is ``InvalidMonth``."""
    found = _MONTH.fullmatch(text) if isinstance(text, str) else None
    if found is None or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1:
        raise InvalidMonth
    return date(int(found.group(1)), int(found.group(2)), 1)


def first_month(*, db: Db, owner_id: int, account_id: int) -> date:
    """The account's first statement month: that of its first entry, or of its opening if earlier (or no entry)."""
    account = owned_account(db=db, owner_id=owner_id, account_id=account_id)
    first_entry = db.exec(select(func.min(LedgerEntry.value_date)).where(LedgerEntry.account_id == account_id)).one()
    opened = account.created_at.date()
    return min(first_entry, opened).replace(day=1) if first_entry else opened.replace(day=1)


def statement_months(*, db: Db, owner_id: int, account_id: int, today: date) -> list[date]:
    """Every month the account has a statement for, oldest first (the current month last)."""
    month, last = first_month(db=db, owner_id=owner_id, account_id=account_id), today.replace(day=1)
    months = []
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def build_statement(*, db: Db, owner_id: int, account_id: int, month: date, today: date) -> Statement:
    """The statement of the caller's account for ``month``'s month, up to ``today`` when it is the current one.

    Another customer's account is ``AccountNotFound``, like a missing one; a month before the account's
    first or after today's is ``StatementNotFound``, saying which months there are.
    """
    account = get_account(db=db, owner_id=owner_id, account_id=account_id)
    month = month.replace(day=1)
    first, current = first_month(db=db, owner_id=owner_id, account_id=account_id), today.replace(day=1)
    if month > current:
        raise StatementNotFound(f"There is no statement for {month_label(month)} yet: it is still to come.")
    if month < first:
        raise StatementNotFound(
            f"There is no statement for {month_label(month)}: this account's statements start in {month_label(first)}."
        )
    last = month_end(month)
    opening = db.exec(
        select(func.coalesce(func.sum(LedgerEntry.amount_cents), 0)).where(
            LedgerEntry.account_id == account_id, col(LedgerEntry.value_date) < month
        )
    ).one()
    entries = db.exec(
        select(LedgerEntry)
        .where(
            LedgerEntry.account_id == account_id,
            col(LedgerEntry.value_date) >= month,
            col(LedgerEntry.value_date) <= last,
        )
        .order_by(col(LedgerEntry.booked_at), col(LedgerEntry.id))
    ).all()
    running = int(opening)
    lines = []
    for entry in entries:
        running += entry.amount_cents
        lines.append(view_of(StatementLine, entry, balance_cents=running))
    return Statement(
        account=account,
        month=month,
        end=min(last, today),
        opening_cents=int(opening),
        lines=tuple(lines),
        closing_cents=running,
        money_in_cents=sum(line.amount_cents for line in lines if line.amount_cents > 0),
        money_out_cents=-sum(line.amount_cents for line in lines if line.amount_cents < 0),
        to_date=month == current,
    )
