"""The companies that take a regular payment, read from the statement (the bank holds no mandates here).

"what direct debits do i have" deserves an answer from data: a company paid once a month, on about the same day
and for about the same amount, in each of the last whole months, is what a customer means by a direct debit or a
subscription, whether it is one, a card subscription or a standing order. Coffee shops and supermarkets, paid
often and for varying sums, never are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session as Db

from bankchat.bank import ledger
from bankchat.bank.ledger import TransactionView

WHOLE_MONTHS = 2
"""A company counts when it took one payment in each of this many whole months before this one."""
DAY_DRIFT = 5
"""Days a regular payment's date may move between months (weekends, bank holidays, short months)."""
AMOUNT_DRIFT = 0.3
"""How far a regular payment's amount may move, as a share of the smallest (a gas bill varies; coffee varies more)."""


@dataclass(frozen=True)
class RegularPayer:
    """A company paid once a month, with its latest payment."""

    merchant: str
    latest: TransactionView
    """Its latest payment (this month's, if it has been taken)."""


def months_back(today: date, months: int) -> date:
    """The first day of the month ``months`` before ``today``'s."""
    index = today.year * 12 + today.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def payments_out(db: Db, owner_id: int, start: date) -> list[TransactionView]:
    """Every payment out since ``start`` (transfers between people and accounts left out), newest first."""
    lines: list[TransactionView] = []
    before: int | None = None
    while True:
        page = ledger.search_transactions(
            db=db,
            owner_id=owner_id,
            start=start,
            direction="out",
            spending_only=True,
            limit=ledger.MAX_PAGE,
            before_id=before,
        )
        lines += page.items
        if page.next_before is None:
            return lines
        before = page.next_before


def regular_payers(lines: list[TransactionView], today: date) -> list[RegularPayer]:
    """The companies among ``lines`` (newest first) paid once in each of the ``WHOLE_MONTHS`` before this month, on
    about the same day and for about the same amount, and never twice in a month; by usual day of the month."""
    whole = {(d.year, d.month) for d in (months_back(today, n) for n in range(1, WHOLE_MONTHS + 1))}
    by_merchant: dict[str, list[TransactionView]] = defaultdict(list)
    for line in lines:
        if line.merchant and line.amount_cents < 0:
            by_merchant[line.merchant].append(line)
    found = []
    for merchant, paid in by_merchant.items():
        months = [(t.value_date.year, t.value_date.month) for t in paid]
        if len(set(months)) != len(months) or not whole <= set(months):
            continue  # twice in a month, or a whole month missed: not a regular payment
        days = [t.value_date.day for t in paid]
        amounts = [-t.amount_cents for t in paid]
        if max(days) - min(days) <= DAY_DRIFT and max(amounts) <= min(amounts) * (1 + AMOUNT_DRIFT):
            found.append(RegularPayer(merchant, paid[0]))
    return sorted(found, key=lambda p: (p.latest.value_date.day, p.merchant.lower()))
