"""Facts a reply must state, read from the database (or the bank's one table) when the reply arrives.

Each fact is a function of the database and the customer; it returns the exact text the
reply must contain, formatted the way the bank formats it. The corpus names them with
small typed expressions (``balance: checking``); ``schema.FactSpec`` turns those into these.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.agents import knowledge
from bankchat.agents.flows.fees import PRICE_LIST
from bankchat.bank import accounts as bank_accounts
from bankchat.bank import cards as bank_cards
from bankchat.bank import ledger
from bankchat.bank import payees as bank_payees
from bankchat.bank.accounts import AccountView
from bankchat.bank.card_bill import card_bills
from bankchat.bank.cards import CardView
from bankchat.bank.ledger import TransactionView
from bankchat.bank.money import format_cents
from bankchat.models import LedgerEntry, Transfer

Fact = Callable[[Db, int], str]
PERIODS = (
    "this_month", "last_month", "month_before_last", "last_30_days", "last_90_days", "last_3_whole_months",
    "since_payday",
)  # fmt: skip
"""Periods a fact may name, each computed here without the assistant's date parser."""


def today() -> date:
    """The customer's today (the assistant's default: today in UTC)."""
    return datetime.now(UTC).date()


def period(name: str, day: date | None = None, payday: date | None = None) -> tuple[date, date]:
    """The inclusive dates of ``name`` (one of ``PERIODS``) as of ``day``; ``since_payday`` needs ``payday``."""
    day = day or today()
    if name == "since_payday":
        assert payday is not None, "since_payday needs the day of the latest salary"
        return payday, day
    first = day.replace(day=1)
    previous_end = first - timedelta(days=1)
    if name == "this_month":
        return first, day
    if name == "last_month":
        return previous_end.replace(day=1), previous_end
    if name == "month_before_last":
        end = previous_end.replace(day=1) - timedelta(days=1)
        return end.replace(day=1), end
    if name == "last_3_whole_months":
        start = previous_end.replace(day=1)
        for _ in range(2):
            start = (start - timedelta(days=1)).replace(day=1)
        return start, previous_end
    if name.startswith("last_") and name.endswith("_days"):
        return day - timedelta(days=int(name.split("_")[1]) - 1), day
    raise ValueError(f"unknown period {name!r}; one of {PERIODS}")


# --- accounts -----------------------------------------------------------------


def _account(db: Db, owner: int, kind: str) -> AccountView:
    return next(a for a in bank_accounts.list_accounts(db=db, owner_id=owner) if a.kind == kind)


def balance(kind: str) -> Fact:
    """The formatted balance of the customer's account of ``kind``."""
    return lambda db, owner: format_cents(_account(db, owner, kind).balance_cents)


def available(kind: str) -> Fact:
    """The formatted available amount (available credit for the card)."""
    return lambda db, owner: format_cents(_account(db, owner, kind).available_cents)


def account_name(kind: str) -> Fact:
    """The account's name ("Everyday Checking")."""
    return lambda db, owner: _account(db, owner, kind).name


def account_last4(kind: str) -> Fact:
    """The last four digits of the account's masked number."""
    return lambda db, owner: _account(db, owner, kind).masked_number[-4:]


def combined(kinds: tuple[str, ...]) -> Fact:
    """The formatted sum of the balances of the accounts of ``kinds``."""
    return lambda db, owner: format_cents(sum(_account(db, owner, k).balance_cents for k in kinds))


# --- cards ----------------------------------------------------------------------


def _card(db: Db, owner: int, kind: str) -> CardView:
    return next(c for c in bank_cards.list_cards(db=db, owner_id=owner) if c.kind == kind)


def card_last4(kind: str) -> Fact:
    """The last four digits of the customer's ``debit`` or ``credit`` card."""
    return lambda db, owner: _card(db, owner, kind).last4


def card_status(db: Db, owner: int, kind: str = "debit") -> str:
    """The status of the customer's ``debit`` or ``credit`` card."""
    return _card(db, owner, kind).status


CLEAR = "owe nothing"
"""What the assistant says of a card bill with nothing owed (the demo card is clear some days of the month)."""


def credit_owed(db: Db, owner: int) -> int:
    """What the customer owes on the credit card, in cents (0 when clear)."""
    return card_bills(db=db, owner_id=owner, today=today())[0].owed_cents


def card_bill(part: str) -> Fact:
    """The credit card bill's ``owed`` or ``minimum`` amount, or its ``due`` date ("25 December").

    On a day the card is clear there is no bill to state: the fact is then that nothing is owed.
    """

    def read(db: Db, owner: int) -> str:
        bill = card_bills(db=db, owner_id=owner, today=today())[0]
        if bill.owed_cents == 0:
            return CLEAR
        if part == "due":
            return f"{bill.due:%d %B}"
        return format_cents(bill.owed_cents if part == "owed" else bill.minimum_cents)

    return read


# --- payees, fees, articles -----------------------------------------------------


def payee(nickname: str) -> Fact:
    """The full name of the payee the customer saved as ``nickname``."""

    def read(db: Db, owner: int) -> str:
        return next(p.name for p in bank_payees.list_payees(db=db, owner_id=owner) if p.nickname == nickname)

    return read


def payee_details(nickname: str) -> Fact:
    """The masked sort code and account number of the payee the customer saved as ``nickname``."""

    def read(db: Db, owner: int) -> str:
        found = next(p for p in bank_payees.list_payees(db=db, owner_id=owner) if p.nickname == nickname)
        return f"sort code {found.sort_code}, account {found.masked_account}"

    return read


def fee(name: str) -> Fact:
    """The name of the price list's line called ``name`` (that the answer is about it)."""
    return lambda db, owner: name


def price(name: str) -> Fact:
    """The price the price list quotes for its line called ``name``, filled from the bank's facts table."""
    quoted = next(f.quoted for f in PRICE_LIST if f.name == name)
    return lambda db, owner: quoted


def article(intent: str) -> Fact:
    """The title of the knowledge base's article on ``intent``."""
    found = knowledge.get_article(intent)
    if found is None:
        raise ValueError(f"no article on {intent!r}")
    title = found.title
    return lambda db, owner: title


def text(value: str) -> Fact:
    """A fixed phrase."""
    return lambda db, owner: value


# --- statements -----------------------------------------------------------------


def statement(kind: str, when: str, figure: str) -> Fact:
    """The name of the month ``when`` ("February 2025"), or the balance of the account of ``kind`` at its
    ``opening`` or ``closing``, summed from the ledger's entries dated before it (not from the bank's statement)."""

    def read(db: Db, owner: int) -> str:
        start, end = period(when)
        if figure == "month":
            return f"{start:%B %Y}"
        account = _account(db, owner, kind)
        before = start if figure == "opening" else end + timedelta(days=1)
        total = db.exec(
            select(func.coalesce(func.sum(LedgerEntry.amount_cents), 0)).where(
                LedgerEntry.account_id == account.id, col(LedgerEntry.value_date) < before
            )
        ).one()
        return format_cents(int(total), account.currency)

    return read


def _dates(db: Db, owner: int, when: str) -> tuple[date, date]:
    payday = _salaries(db, owner)[0].value_date if when == "since_payday" else None
    return period(when, payday=payday)


def _payments(
    db: Db, owner: int, when: str, *, category: str | None = None, merchant: str | None = None
) -> list[TransactionView]:
    start, end = _dates(db, owner, when)
    page = ledger.search_transactions(
        db=db,
        owner_id=owner,
        start=start,
        end=end,
        category=category,
        merchant=merchant,
        direction="out",
        limit=ledger.MAX_PAGE,
    )
    return page.items


NOTHING_SPENT = "spent nothing"
"""What the assistant says of a period with no payments (early in a month, "this month" may have none)."""


def spent(when: str, *, category: str | None = None, merchant: str | None = None, excluding: str | None = None) -> Fact:
    """The formatted total paid out over ``when``, for one category or merchant if named (or that none was);
    ``excluding`` a category: the whole total less that category's, each summed without the other."""

    def read(db: Db, owner: int) -> str:
        start, end = _dates(db, owner, when)
        summary = ledger.spending_summary(
            db=db, owner_id=owner, start=start, end=end, category=category, merchant=merchant
        )
        left_out = (
            ledger.spending_summary(db=db, owner_id=owner, start=start, end=end, category=excluding)
            if excluding
            else None
        )
        total = summary.total_out_cents - (left_out.total_out_cents if left_out else 0)
        return format_cents(total) if summary.count else NOTHING_SPENT

    return read


def largest(when: str, *, rank: int = 1, category: str | None = None) -> Fact:
    """The formatted amount of the ``rank``-th largest payment out over ``when`` (as the table shows it).

    Transfers are not spending: they rank only when the category asked for is ``transfer``.
    """

    def read(db: Db, owner: int) -> str:
        found = _payments(db, owner, when, category=category)
        spent = [t for t in found if category is not None or t.category != "transfer"]
        items = sorted(spent, key=lambda t: t.amount_cents)
        return format_cents(items[rank - 1].amount_cents)

    return read


def smallest(when: str) -> Fact:
    """The formatted amount of the smallest payment out over ``when`` (transfers are not spending)."""

    def read(db: Db, owner: int) -> str:
        items = sorted(
            (t for t in _payments(db, owner, when) if t.category != "transfer"), key=lambda t: -t.amount_cents
        )
        return format_cents(items[0].amount_cents)

    return read


def count(when: str, *, category: str | None = None, merchant: str | None = None) -> Fact:
    """How many payments out over ``when``, in bold as the assistant writes counts ("**12**")."""

    def read(db: Db, owner: int) -> str:
        return f"**{len(_payments(db, owner, when, category=category, merchant=merchant))}**"

    return read


def average(*, category: str | None = None, per: str = "month") -> Fact:
    """Spending per month (or per payment) over the last three whole months, rounded to the penny."""

    def read(db: Db, owner: int) -> str:
        start, end = period("last_3_whole_months")
        summary = ledger.spending_summary(db=db, owner_id=owner, start=start, end=end, category=category)
        return format_cents(round(summary.total_out_cents / (3 if per == "month" else max(summary.count, 1))))

    return read


def _salaries(db: Db, owner: int) -> list[TransactionView]:
    page = ledger.search_transactions(db=db, owner_id=owner, category="salary", direction="in", limit=10)
    return page.items


def salary(which: str) -> Fact:
    """The latest salary's ``amount`` or ``date`` ("25 November"), or the ``employer`` who paid it."""

    def read(db: Db, owner: int) -> str:
        latest = _salaries(db, owner)[0]
        if which == "date":
            return f"{latest.value_date:%d %B}"
        if which == "employer":
            return latest.merchant
        return format_cents(latest.amount_cents)

    return read


def salary_in(when: str) -> Fact:
    """The formatted salary paid in over ``when`` (one month's pay, for a calendar month)."""

    def read(db: Db, owner: int) -> str:
        start, end = period(when)
        paid = [s for s in _salaries(db, owner) if start <= s.value_date <= end]
        return format_cents(sum(s.amount_cents for s in paid))

    return read


def refund(which: str) -> Fact:
    """The latest refund's ``amount`` (money in, as a list shows it) or the ``merchant`` who made it."""

    def read(db: Db, owner: int) -> str:
        latest = ledger.search_transactions(db=db, owner_id=owner, category="refund", limit=1).items[0]
        return latest.merchant if which == "merchant" else format_cents(latest.amount_cents)

    return read


# --- effects --------------------------------------------------------------------


def transfers(db: Db, owner: int) -> list[Transfer]:
    """The customer's transfers, oldest first."""
    rows = db.exec(select(Transfer).where(Transfer.owner_id == owner)).all()
    return sorted(rows, key=lambda t: t.id or 0)


def account_id(db: Db, owner: int, kind: str) -> int:
    """The ID of the customer's account of ``kind``."""
    return _account(db, owner, kind).id


def payee_id(db: Db, owner: int, nickname: str) -> int:
    """The ID of the payee the customer saved as ``nickname``."""
    return next(p.id for p in bank_payees.list_payees(db=db, owner_id=owner) if p.nickname == nickname)
