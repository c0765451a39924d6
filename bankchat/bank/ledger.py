"""The ledger: statements, transaction search and spending summaries, always one customer's own."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from sqlalchemy import and_, func, or_
from sqlmodel import Session as Db
from sqlmodel import col, select
from sqlmodel.sql.expression import Select

from bankchat.bank.accounts import owned_account
from bankchat.errors import InvalidCursor, InvalidInput, TransactionNotFound
from bankchat.models import Account, LedgerEntry, view_of

CATEGORIES: tuple[str, ...] = (
    "groceries",
    "dining",
    "coffee",
    "transport",
    "rent",
    "utilities",
    "subscriptions",
    "shopping",
    "salary",
    "transfer",
    "refund",
    "cash",
    "entertainment",
    "health",
    "other",
)
"""Every ledger category, for slot extraction and validation."""
CATEGORY_GROUPS: dict[str, tuple[str, ...]] = {"food": ("groceries", "dining", "coffee")}
"""Words customers use for several categories at once ("how much did I spend on food?"); a filter by
a group matches any of its categories."""

MAX_PAGE = 100
"""Most transactions one search returns."""

Direction = Literal["in", "out"]
Order = Literal["latest", "largest", "smallest"]
"""Newest first, or by size (the amount's absolute value), largest or smallest first."""


@dataclass(frozen=True)
class TransactionView:
    """One statement line."""

    id: int
    """The row's ID: internal only (it counts the bank's transactions)."""
    public_id: str
    """What customers see as the line's ID: random, unordered."""
    account_id: int
    account_name: str
    booked_at: datetime
    value_date: date
    merchant: str
    category: str
    description: str
    amount_cents: int
    """Signed: money out is negative."""
    balance_after_cents: int


@dataclass(frozen=True)
class TransactionPage:
    """Transactions newest first; pass ``next_before`` as ``before_id`` for older ones (None: no more)."""

    items: list[TransactionView]
    next_before: int | None
    more: bool = False
    """Whether more transactions match than were returned."""

    @property
    def next_cursor(self) -> str | None:
        """``next_before`` as customers see it: the public ID of the page's last line (see ``cursor_row_id``)."""
        return self.items[-1].public_id if self.next_before is not None and self.items else None


@dataclass(frozen=True)
class SpendingSummary:
    """Money in and out over a period; transfers between the customer's own accounts are left out."""

    start: date
    end: date
    total_out_cents: int
    """Spending, as a positive number."""
    total_in_cents: int
    count: int
    """How many payments out were counted."""
    count_in: int
    """How many payments in were counted."""
    by_category: list[tuple[str, int]]
    """Spending per category, largest first."""
    top_merchants: list[tuple[str, int]]
    """The five merchants with the most spending, largest first."""


def search_transactions(
    *,
    db: Db,
    owner_id: int,
    account_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    merchant: str | None = None,
    category: str | None = None,
    direction: Direction | None = None,
    limit: int = 10,
    before_id: int | None = None,
    order: Order = "latest",
    spending_only: bool = False,
) -> TransactionPage:
    """The customer's transactions matching every filter given, newest first.

    Args:
        account_id: one account (``AccountNotFound`` if it is not the caller's); None for all.
        start: first value date, inclusive.
        end: last value date, inclusive.
        merchant: part of the merchant's name, any case.
        category: one of ``CATEGORIES``, or a group of them (``CATEGORY_GROUPS``: ``food``).
        direction: ``in`` (money received) or ``out`` (money spent or sent).
        limit: page size, 1 to ``MAX_PAGE``.
        before_id: a ``next_before`` cursor from the previous page (newest-first order only).
        order: ``latest`` first, or ``largest`` / ``smallest`` amounts first ("my biggest purchases").
        spending_only: leave transfers out (they are not spending, as in ``spending_summary``).
    """
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit must be between 1 and {MAX_PAGE}")
    if order not in ("latest", "largest", "smallest") or (order != "latest" and before_id is not None):
        raise InvalidInput("order must be 'latest', 'largest' or 'smallest' (paging only for 'latest')")
    query = _filtered(
        db, owner_id=owner_id, account_id=account_id, start=start, end=end, merchant=merchant, category=category
    )
    if direction is not None:
        if direction not in ("in", "out"):
            raise InvalidInput("direction must be 'in' or 'out'")
        amount = col(LedgerEntry.amount_cents)
        query = query.where(amount > 0 if direction == "in" else amount < 0)
    if spending_only:
        query = query.where(LedgerEntry.category != "transfer")
    if before_id is not None:
        cursor = db.exec(
            select(LedgerEntry.booked_at)
            .join(Account, col(Account.id) == LedgerEntry.account_id)
            .where(LedgerEntry.id == before_id, Account.owner_id == owner_id)
        ).first()
        if cursor is None:
            raise InvalidInput("Unknown `before` cursor")
        query = query.where(
            or_(
                col(LedgerEntry.booked_at) < cursor,
                and_(col(LedgerEntry.booked_at) == cursor, col(LedgerEntry.id) < before_id),
            )
        )
    newest = (col(LedgerEntry.booked_at).desc(), col(LedgerEntry.id).desc())
    size = func.abs(col(LedgerEntry.amount_cents))
    ordering = {"latest": newest, "largest": (size.desc(), *newest), "smallest": (size.asc(), *newest)}[order]
    rows = db.exec(query.order_by(*ordering).limit(limit + 1)).all()
    items = [_view(entry, name) for entry, name in rows[:limit]]
    more = len(rows) > limit
    return TransactionPage(items=items, next_before=items[-1].id if more and order == "latest" else None, more=more)


def get_transaction(*, db: Db, owner_id: int, entry_id: int) -> TransactionView:
    """One line of the customer's statement; another customer's answers ``TransactionNotFound`` like a missing one."""
    row = db.exec(
        select(LedgerEntry, Account.name)
        .join(Account, col(Account.id) == LedgerEntry.account_id)
        .where(LedgerEntry.id == entry_id, Account.owner_id == owner_id)
    ).first()
    if row is None:
        raise TransactionNotFound
    return _view(*row)


def cursor_row_id(*, db: Db, owner_id: int, account_id: int, cursor: object) -> int:
    """The ledger row behind a statement cursor (a ``next_cursor``), for ``before_id``.

    Only a line of this account of the caller's resolves: another account's, an edited or a
    made-up cursor is ``InvalidCursor``; another user's account is ``AccountNotFound``.
    """
    owned_account(db=db, owner_id=owner_id, account_id=account_id)
    row_id = (
        db.exec(
            select(LedgerEntry.id).where(LedgerEntry.public_id == cursor, LedgerEntry.account_id == account_id)
        ).first()
        if isinstance(cursor, str)
        else None
    )
    if row_id is None:
        raise InvalidCursor
    return row_id


def spending_summary(
    *,
    db: Db,
    owner_id: int,
    start: date,
    end: date,
    category: str | None = None,
    merchant: str | None = None,
    account_id: int | None = None,
) -> SpendingSummary:
    """Totals between ``start`` and ``end`` (inclusive), optionally for one category or merchant.

    Transfers are not spending, so they count only when asked for: ``category="transfer"``, or a ``merchant``
    that is a transfer's other side ("Savings", a payee's name).
    """
    query = _filtered(
        db, owner_id=owner_id, account_id=account_id, start=start, end=end, merchant=merchant, category=category
    )
    if category is None and merchant is None:
        query = query.where(LedgerEntry.category != "transfer")
    entries = [entry for entry, _name in db.exec(query).all()]
    by_category: Counter[str] = Counter()
    by_merchant: Counter[str] = Counter()
    total_in = count_in = 0
    for entry in entries:
        if entry.amount_cents < 0:
            by_category[entry.category] -= entry.amount_cents
            by_merchant[entry.merchant] -= entry.amount_cents
        else:
            total_in += entry.amount_cents
            count_in += 1
    return SpendingSummary(
        start=start,
        end=end,
        total_out_cents=sum(by_category.values()),
        total_in_cents=total_in,
        count=len(entries) - count_in,
        count_in=count_in,
        by_category=_ranked(by_category),
        top_merchants=_ranked(by_merchant)[:5],
    )


def known_merchants(*, db: Db, owner_id: int) -> list[str]:
    """Every merchant on the customer's statements, alphabetically (for slot extraction)."""
    rows = db.exec(
        select(LedgerEntry.merchant)
        .join(Account, col(Account.id) == LedgerEntry.account_id)
        .where(Account.owner_id == owner_id)
        .distinct()
    ).all()
    return sorted(set(rows), key=str.lower)


def _filtered(
    db: Db,
    *,
    owner_id: int,
    account_id: int | None,
    start: date | None,
    end: date | None,
    merchant: str | None,
    category: str | None,
) -> Select[LedgerEntry, str]:
    """The customer's ledger rows matching every filter given, with their account's name.

    These are the filters a search and a summary share (only a search filters by direction).
    ``account_id`` must be one of the customer's accounts (``AccountNotFound`` otherwise).
    """
    if account_id is not None:
        owned_account(db=db, owner_id=owner_id, account_id=account_id)
    query = (
        select(LedgerEntry, Account.name)
        .join(Account, col(Account.id) == LedgerEntry.account_id)
        .where(Account.owner_id == owner_id)
    )
    if account_id is not None:
        query = query.where(LedgerEntry.account_id == account_id)
    if start is not None:
        query = query.where(LedgerEntry.value_date >= start)
    if end is not None:
        query = query.where(LedgerEntry.value_date <= end)
    if merchant:
        query = query.where(col(LedgerEntry.merchant).ilike(f"%{_escape_like(merchant.strip())}%", escape="\\"))
    if category is not None:
        if category not in CATEGORIES and category not in CATEGORY_GROUPS:
            raise InvalidInput(f"Unknown category {category!r}")
        query = query.where(col(LedgerEntry.category).in_(CATEGORY_GROUPS.get(category, (category,))))
    return query


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _ranked(totals: Counter[str]) -> list[tuple[str, int]]:
    return sorted(((k, v) for k, v in totals.items() if v > 0), key=lambda kv: (-kv[1], kv[0]))


def _view(entry: LedgerEntry, account_name: str) -> TransactionView:
    assert entry.id is not None
    return view_of(TransactionView, entry, account_name=account_name)
