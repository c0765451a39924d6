"""The ledger: statements, transaction search and spending summaries, always one customer's own."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, Table, and_, bindparam, func, or_
from sqlalchemy import select as select_rows
from sqlmodel import Session as Db
from sqlmodel import select

from bankchat.bank.accounts import get_account, owned_account
from bankchat.bank.ledger_line import LedgerLine
from bankchat.errors import InvalidCursor, InvalidInput, TransactionNotFound
from bankchat.models import Account, LedgerEntry, table_of, view_of

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
class TransactionView(LedgerLine):
    """One statement line."""

    id: int
    """The row's ID: internal only (it counts the bank's transactions)."""
    account_id: int
    account_name: str
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
    excluding: str | None = None,
    at_least: int | None = None,
    at_most: int | None = None,
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
        excluding: a category, a group of them, or a merchant to leave out ("not counting rent").
        at_least: only lines of at least this many cents, in or out ("over 100 quid"); ``at_most`` likewise.
    """
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit must be between 1 and {MAX_PAGE}")
    if order not in ("latest", "largest", "smallest") or (order != "latest" and before_id is not None):
        raise InvalidInput("order must be 'latest', 'largest' or 'smallest' (paging only for 'latest')")
    params = _filter_params(
        db, owner_id=owner_id, account_id=account_id, start=start, end=end, merchant=merchant, category=category
    )
    params.update(_narrowing_params(excluding, at_least, at_most))
    if direction is not None and direction not in ("in", "out"):
        raise InvalidInput("direction must be 'in' or 'out'")
    if before_id is not None:
        cursor = _read(db, _CURSOR, {"owner_id": owner_id, "entry_id": before_id}).first()
        if cursor is None:
            raise InvalidInput("Unknown `before` cursor")
        params.update(before_at=cursor.booked_at, before_id=before_id)
    shape = _Shape.of(params, direction=direction, spending_only=spending_only)
    rows = _read(db, _search(shape, order), {**params, "rows": limit + 1}).all()
    items = [view_of(TransactionView, row) for row in rows[:limit]]
    more = len(rows) > limit
    return TransactionPage(items=items, next_before=items[-1].id if more and order == "latest" else None, more=more)


def get_transaction(*, db: Db, owner_id: int, entry_id: int) -> TransactionView:
    """One line of the customer's statement; another customer's answers ``TransactionNotFound`` like a missing one."""
    row = _read(db, _LINE, {"owner_id": owner_id, "entry_id": entry_id}).first()
    if row is None:
        raise TransactionNotFound
    return view_of(TransactionView, row)


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
    excluding: str | None = None,
    at_least: int | None = None,
    at_most: int | None = None,
) -> SpendingSummary:
    """Totals between ``start`` and ``end`` (inclusive), optionally for one category or merchant.

    Transfers are not spending, so they count only when asked for: ``category="transfer"``, or a ``merchant``
    that is a transfer's other side ("Savings", a payee's name). ``excluding`` leaves out a category, a
    group of them, or a merchant ("not counting rent"); ``at_least`` and ``at_most`` keep the lines of that size
    in cents ("payments over 100 quid").
    """
    params = _filter_params(
        db, owner_id=owner_id, account_id=account_id, start=start, end=end, merchant=merchant, category=category
    )
    params.update(_narrowing_params(excluding, at_least, at_most))
    shape = _Shape.of(params, spending_only=category is None and merchant is None)
    entries = _read(db, _summed(shape), params).all()
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


def statement_start(*, db: Db, owner_id: int) -> date | None:
    """The value date of the customer's first statement line (None without any): nothing before it can be seen."""
    first = _read(db, _FIRST_DATE, {"owner_id": owner_id}).scalar_one_or_none()
    return first if first is None or isinstance(first, date) else date.fromisoformat(str(first)[:10])


def balances_before(*, db: Db, owner_id: int, day: date) -> dict[int, int]:
    """Each of the customer's accounts' balance at the start of ``day``: the sum of its statement lines dated
    before it (the same sum a statement opens with). An account with no line before ``day`` is left out."""
    rows = _read(db, _BALANCES_BEFORE, {"owner_id": owner_id, "before": day}).all()
    return {int(account_id): int(total) for account_id, total in rows}


def known_merchants(*, db: Db, owner_id: int) -> list[str]:
    """Every merchant on the customer's statements, alphabetically (for slot extraction)."""
    rows = _read(db, _MERCHANTS, {"owner_id": owner_id}).scalars().all()
    return sorted(set(rows), key=str.lower)


# --- the statements: plain rows (no ORM entities), built once per shape of filter ------------------
#
# A search is built from the filters given; each combination ("an account and a category, newest
# first") is built and compiled once, with bound parameters for the values, so a chat turn pays for
# running it, not for constructing it (an ORM query of entities cost ~0.5 ms a search).

_ENTRIES: Table = table_of(LedgerEntry)
_ACCOUNTS: Table = table_of(Account)
_LINE_COLUMNS = (
    _ENTRIES.c.id,
    _ENTRIES.c.public_id,
    _ENTRIES.c.account_id,
    _ACCOUNTS.c.name.label("account_name"),
    _ENTRIES.c.booked_at,
    _ENTRIES.c.value_date,
    _ENTRIES.c.merchant,
    _ENTRIES.c.category,
    _ENTRIES.c.description,
    _ENTRIES.c.amount_cents,
    _ENTRIES.c.balance_after_cents,
)
"""A ``TransactionView``'s columns."""
_OWNED = _ENTRIES.join(_ACCOUNTS, _ACCOUNTS.c.id == _ENTRIES.c.account_id)
_LINE = (
    select_rows(*_LINE_COLUMNS)
    .select_from(_OWNED)
    .where(_ENTRIES.c.id == bindparam("entry_id"), _ACCOUNTS.c.owner_id == bindparam("owner_id"))
)
_CURSOR = (
    select_rows(_ENTRIES.c.booked_at)
    .select_from(_OWNED)
    .where(_ENTRIES.c.id == bindparam("entry_id"), _ACCOUNTS.c.owner_id == bindparam("owner_id"))
)
_MERCHANTS = (
    select_rows(_ENTRIES.c.merchant).select_from(_OWNED).where(_ACCOUNTS.c.owner_id == bindparam("owner_id")).distinct()
)
_FIRST_DATE = (
    select_rows(func.min(_ENTRIES.c.value_date))
    .select_from(_OWNED)
    .where(_ACCOUNTS.c.owner_id == bindparam("owner_id"))
)

_BALANCES_BEFORE = (
    select_rows(_ENTRIES.c.account_id, func.sum(_ENTRIES.c.amount_cents))
    .select_from(_OWNED)
    .where(
        _ACCOUNTS.c.owner_id == bindparam("owner_id"),
        _ENTRIES.c.value_date < bindparam("before", type_=_ENTRIES.c.value_date.type),
    )
    .group_by(_ENTRIES.c.account_id)
)


@dataclass(frozen=True)
class _Shape:
    """Which filters a search or a summary has (their values are bound parameters)."""

    account: bool
    start: bool
    end: bool
    merchant: bool
    category: bool
    excluded_categories: bool = False
    excluded_merchant: bool = False
    at_least: bool = False
    at_most: bool = False
    direction: Direction | None = None
    spending_only: bool = False
    before: bool = False

    @classmethod
    def of(
        cls, params: Mapping[str, Any], *, direction: Direction | None = None, spending_only: bool = False
    ) -> _Shape:
        """The shape of ``params`` (from ``_filter_params``, with the cursor's when paging)."""
        return cls(
            account="account_id" in params,
            start="start" in params,
            end="end" in params,
            merchant="merchant" in params,
            category="categories" in params,
            excluded_categories="excluded_categories" in params,
            excluded_merchant="excluded_merchant" in params,
            at_least="at_least" in params,
            at_most="at_most" in params,
            direction=direction,
            spending_only=spending_only,
            before="before_id" in params,
        )

    def where(self) -> list[ColumnElement[bool]]:
        """The criteria: the customer's own rows, then each filter the shape has."""
        entries = _ENTRIES.c
        criteria: list[ColumnElement[bool]] = [_ACCOUNTS.c.owner_id == bindparam("owner_id")]
        if self.account:
            criteria.append(entries.account_id == bindparam("account_id"))
        if self.start:
            criteria.append(entries.value_date >= bindparam("start"))
        if self.end:
            criteria.append(entries.value_date <= bindparam("end"))
        if self.merchant:
            criteria.append(entries.merchant.ilike(bindparam("merchant"), escape="\\"))
        if self.category:
            criteria.append(entries.category.in_(bindparam("categories", expanding=True)))
        if self.excluded_categories:
            criteria.append(entries.category.not_in(bindparam("excluded_categories", expanding=True)))
        if self.excluded_merchant:
            criteria.append(func.coalesce(entries.merchant, "") != bindparam("excluded_merchant"))
        if self.at_least:
            criteria.append(func.abs(entries.amount_cents) >= bindparam("at_least", type_=entries.amount_cents.type))
        if self.at_most:
            criteria.append(func.abs(entries.amount_cents) <= bindparam("at_most", type_=entries.amount_cents.type))
        if self.direction is not None:
            criteria.append(entries.amount_cents > 0 if self.direction == "in" else entries.amount_cents < 0)
        if self.spending_only:
            criteria.append(entries.category != "transfer")
        if self.before:
            at = bindparam("before_at", type_=entries.booked_at.type)
            same_time_older = and_(entries.booked_at == at, entries.id < bindparam("before_id"))
            criteria.append(or_(entries.booked_at < at, same_time_older))
        return criteria


@functools.cache
def _search(shape: _Shape, order: Order) -> Select[Any]:
    """The lines matching ``shape`` in ``order``, at most ``rows`` of them."""
    newest = (_ENTRIES.c.booked_at.desc(), _ENTRIES.c.id.desc())
    size = func.abs(_ENTRIES.c.amount_cents)
    ordering = {"latest": newest, "largest": (size.desc(), *newest), "smallest": (size.asc(), *newest)}[order]
    return (
        select_rows(*_LINE_COLUMNS)
        .select_from(_OWNED)
        .where(*shape.where())
        .order_by(*ordering)
        .limit(bindparam("rows", type_=_ENTRIES.c.id.type))
    )


@functools.cache
def _summed(shape: _Shape) -> Select[Any]:
    """What a summary adds up of the lines matching ``shape``."""
    entries = _ENTRIES.c
    summed = select_rows(entries.amount_cents, entries.category, entries.merchant)
    return summed.select_from(_OWNED).where(*shape.where())


def _filter_params(
    db: Db,
    *,
    owner_id: int,
    account_id: int | None,
    start: date | None,
    end: date | None,
    merchant: str | None,
    category: str | None,
) -> dict[str, Any]:
    """The bound values of the filters a search and a summary share (only a search filters by direction).

    ``account_id`` must be one of the customer's accounts (``AccountNotFound`` otherwise).
    """
    params: dict[str, Any] = {"owner_id": owner_id}
    if account_id is not None:
        if db.autoflush:
            db.flush()  # an account added in this unit of work is found (a flush forgets the remembered reads)
        get_account(db=db, owner_id=owner_id, account_id=account_id)
        params["account_id"] = account_id
    if start is not None:
        params["start"] = start
    if end is not None:
        params["end"] = end
    if merchant:
        params["merchant"] = f"%{_escape_like(merchant.strip())}%"
    if category is not None:
        if category not in CATEGORIES and category not in CATEGORY_GROUPS:
            raise InvalidInput(f"Unknown category {category!r}")
        params["categories"] = list(CATEGORY_GROUPS.get(category, (category,)))
    return params


def _narrowing_params(excluding: str | None, at_least: int | None, at_most: int | None) -> dict[str, Any]:
    """The bound values of what narrows a search or summary beyond ``_filter_params``: what it leaves out (a
    category or group of them, else a merchant) and the sizes of line it keeps, in cents."""
    params: dict[str, Any] = {}
    if excluding and (excluding in CATEGORIES or excluding in CATEGORY_GROUPS):
        params["excluded_categories"] = list(CATEGORY_GROUPS.get(excluding, (excluding,)))
    elif excluding:
        params["excluded_merchant"] = excluding
    if at_least is not None:
        params["at_least"] = at_least
    if at_most is not None:
        params["at_most"] = at_most
    return params


def _read(db: Db, statement: Select[Any], params: Mapping[str, Any]) -> Any:
    """Run a prebuilt read on the unit of work's connection, after flushing what the session holds
    (as an ORM query would: a line added in this unit of work is found)."""
    if db.autoflush:
        db.flush()
    return db.connection().execute(statement, params)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _ranked(totals: Counter[str]) -> list[tuple[str, int]]:
    return sorted(((k, v) for k, v in totals.items() if v > 0), key=lambda kv: (-kv[1], kv[0]))
