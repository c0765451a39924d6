"""Deterministic demo banking: three accounts, two cards, payees and ~90 days of statements per user.

The history ends on the seed day, so "yesterday", "last week" and "this month"
always have data. The same username and day give the same rows; every
account's ledger sums to its balance, and each running balance is consistent.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.bank.bank_details import read_uk_details
from bankchat.bank.demo_profiles import Habit, Profile, profile_for
from bankchat.bank.payee_details import kept, payee_columns
from bankchat.models import Account, Card, LedgerEntry, Payee, Transfer

HISTORY_DAYS = 90
OVERNIGHT_HOURS = 6
"""On the seed day itself only overnight items (standing orders, salary) are booked: the day has just begun."""
CUSHION_CENTS = 25_000
"""The lowest the checking balance gets in the demo history (£250)."""
_TransferKey = tuple[datetime, tuple[str, str]]
ACCOUNT_NAMES = {"checking": "Everyday Checking", "savings": "Savings", "credit": "Credit Card"}


@dataclass
class _Event:
    account: str
    at: datetime
    merchant: str
    category: str
    description: str
    cents: int
    transfer: tuple[str, str] | None = None
    """``(source, target)`` account keys when this is one side of an own-account transfer."""


@dataclass
class _Book:
    """The events of one customer, in the order they happened."""

    events: list[_Event] = field(default_factory=list)

    def add(self, account: str, at: datetime, merchant: str, category: str, cents: int, description: str = "") -> None:
        self.events.append(_Event(account, at, merchant, category, description or merchant, cents))

    def move(self, source: str, target: str, at: datetime, cents: int, memo: str) -> None:
        pair = (source, target)
        self.events.append(_Event(source, at, ACCOUNT_NAMES[target], "transfer", memo, -cents, pair))
        self.events.append(_Event(target, at, ACCOUNT_NAMES[source], "transfer", memo, cents, pair))


def seed_bank_demo(*, db: Db, user_id: int, username: str, today: date) -> bool:
    """Give ``user_id`` the demo accounts, cards, payees and history ending ``today``; flushed, not committed.

    Returns False (and adds nothing but ``fill_in_payee_details``) when the user already has accounts.
    """
    rng = random.Random(f"bankchat-demo:{username}")  # noqa: S311 - reproducible demo data, not secrets
    profile = profile_for(username, rng)
    if db.exec(select(Account.id).where(Account.owner_id == user_id)).first() is not None:
        fill_in_payee_details(db=db, user_id=user_id, profile=profile)
        return False
    accounts = _open_accounts(db, user_id, profile, rng)
    first_day = today - timedelta(days=HISTORY_DAYS - 1)
    opened = datetime.combine(first_day, time.min, tzinfo=UTC)
    _issue_cards_and_payees(db, user_id, accounts, profile, rng, added=opened)
    book = _history(profile, rng, today)
    _book_history(db, user_id, accounts, book, profile, opened=opened)
    db.flush()
    return True


def _open_accounts(db: Db, user_id: int, profile: Profile, rng: random.Random) -> dict[str, Account]:
    limits = {"checking": (0, profile.overdraft_cents), "savings": (0, 0), "credit": (profile.credit_limit_cents, 0)}
    accounts = {}
    for kind, name in ACCOUNT_NAMES.items():
        credit_limit, overdraft = limits[kind]
        accounts[kind] = Account(
            owner_id=user_id,
            name=name,
            kind=kind,
            masked_number=f"•••• {rng.randrange(1000, 10000)}",
            credit_limit_cents=credit_limit,
            overdraft_limit_cents=overdraft,
        )
        db.add(accounts[kind])
    db.flush()
    return accounts


def _issue_cards_and_payees(
    db: Db, user_id: int, accounts: dict[str, Account], profile: Profile, rng: random.Random, *, added: datetime
) -> None:
    """The cards, and the payees saved when the history starts (not "added in the last 24 hours", which would
    make every payment to them need approval)."""
    for kind, brand in (("checking", "Visa Debit"), ("credit", "Mastercard")):
        db.add(Card(owner_id=user_id, account_id=_id(accounts[kind]), brand=brand, last4=f"{rng.randrange(10000):04d}"))
    for name, nickname, sort_code, account_number in profile.payees:
        rng.randrange(10000), rng.randrange(100)  # once drawn for the masked details: the history stays the same
        said = kept(read_uk_details(sort_code, account_number))
        db.add(
            Payee(
                owner_id=user_id,
                name=name,
                nickname=nickname,
                bank_name=said.bank_name,
                created_at=added,
                **payee_columns(said),
            )
        )


def fill_in_payee_details(*, db: Db, user_id: int, profile: Profile) -> int:
    """Give the demo payees seeded before they had a fingerprint (``details_hash``) theirs, with the bank and masked
    details that match it; how many were filled in (none after the first time: seeding stays idempotent)."""
    details = {name: kept(read_uk_details(code, number)) for name, _, code, number in profile.payees}
    rows = db.exec(
        select(Payee).where(
            Payee.owner_id == user_id, col(Payee.details_hash).is_(None), col(Payee.name).in_(list(details))
        )
    ).all()
    taken = set(db.exec(select(Payee.details_hash).where(Payee.owner_id == user_id)).all())
    rows = [row for row in rows if details[row.name].fingerprint not in taken]  # the customer saved it again
    for row in rows:
        said = details[row.name]
        row.sqlmodel_update(dict(payee_columns(said)))
        row.bank_name = row.bank_name or said.bank_name
        db.add(row)
    db.flush()
    return len(rows)


def _history(profile: Profile, rng: random.Random, today: date) -> _Book:
    """Every event from ``HISTORY_DAYS`` ago up to the start of ``today``, oldest first."""
    book = _Book()
    first = today - timedelta(days=HISTORY_DAYS - 1)
    for offset in range(HISTORY_DAYS):
        day = first + timedelta(days=offset)
        before = len(book.events)
        _monthly(book, profile, rng, day)
        for habit in profile.habits:
            _habit(book, habit, rng, day)
        if day < today and len(book.events) == before:
            book.add("checking", _at(day, 12, rng), "Co-op", "groceries", -rng.randrange(250, 1200))
    shopping = [e for e in book.events if e.category == "shopping" and e.at.date() < today - timedelta(days=10)]
    for purchase in shopping[1:2] + shopping[len(shopping) // 2 : len(shopping) // 2 + 1]:
        when = purchase.at + timedelta(days=rng.randrange(3, 9))
        book.add(purchase.account, when, purchase.merchant, "refund", -purchase.cents, f"{purchase.merchant} refund")
    # Today keeps only its overnight items, and never one later than now: nothing is dated in the future.
    cutoff = min(datetime.combine(today, time(OVERNIGHT_HOURS), UTC), datetime.now(UTC))
    book.events = [e for e in book.events if e.at.date() < today or e.at < cutoff]
    book.events.sort(key=lambda e: e.at)
    return book


def _monthly(book: _Book, profile: Profile, rng: random.Random, day: date) -> None:
    if day.day == profile.salary_day:
        book.add("checking", _at(day, 1, rng), profile.employer, "salary", profile.salary_cents, "Salary")
        book.move("checking", "savings", _at(day, 9, rng), profile.monthly_saving_cents, "Monthly saving")
    if day.day == 1:
        book.add("savings", _at(day, 2, rng), "Interest", "other", rng.randrange(900, 2400), "Savings interest")
    if day.day == 4:
        book.events.append(_Event("credit", _at(day, 3, rng), "", "", "", 0, ("checking", "credit")))
    for bill in profile.bills:
        if day.day == bill.day:
            cents = bill.cents + (rng.randrange(-bill.cents // 8, bill.cents // 8) if bill.vary else 0)
            book.add(bill.account, _at(day, 0, rng), bill.merchant, bill.category, -cents)


def _habit(book: _Book, habit: Habit, rng: random.Random, day: date) -> None:
    weekend = day.weekday() >= 5
    if (habit.days == "weekdays" and weekend) or (habit.days == "weekends" and not weekend):
        return
    if rng.random() >= habit.chance:
        return
    merchant = rng.choice(habit.merchants)
    cents = rng.randrange(habit.low_cents, habit.high_cents)
    if habit.category == "cash":
        cents = cents // 1000 * 1000
        book.add(habit.account, _at(day, 10, rng), merchant, "cash", -cents, "ATM withdrawal")
        return
    hour = rng.randrange(habit.hours[0], habit.hours[1] + 1)
    book.add(habit.account, _at(day, hour, rng), merchant, habit.category, -cents)


def _at(day: date, hour: int, rng: random.Random) -> datetime:
    return datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)), tzinfo=UTC)


def _book_history(
    db: Db, user_id: int, accounts: dict[str, Account], book: _Book, profile: Profile, *, opened: datetime
) -> None:
    """Ledger rows with running balances, transfer rows, and the final balances on the accounts."""
    balances = {
        "checking": profile.opening_checking_cents,
        "savings": profile.opening_savings_cents,
        "credit": -profile.opening_credit_owed_cents,
    }
    _resolve_card_repayments(book, balances["credit"])
    # A comfortable start: checking never dips below the cushion, however the months went.
    balances["checking"] += max(0, CUSHION_CENTS - _lowest(book, "checking", balances["checking"]))
    for kind, opening in balances.items():
        # Category "transfer": money brought forward is neither income nor spending.
        book.events.insert(0, _Event(kind, opened, "Opening balance", "transfer", "Balance brought forward", opening))
    ids = {kind: _id(account) for kind, account in accounts.items()}
    running = dict.fromkeys(balances, 0)
    pending: dict[_TransferKey, Transfer] = {}
    for n, event in enumerate(book.events):
        transfer_id = None
        if event.transfer is not None:
            transfer_id = _transfer_id(db, user_id, ids, event, pending, n)
        running[event.account] += event.cents
        db.add(
            LedgerEntry(
                account_id=ids[event.account],
                booked_at=event.at,
                value_date=event.at.date(),
                merchant=event.merchant,
                category=event.category,
                description=event.description,
                amount_cents=event.cents,
                balance_after_cents=running[event.account],
                transfer_id=transfer_id,
            )
        )
    for kind, account in accounts.items():
        account.balance_cents = running[kind]


def _resolve_card_repayments(book: _Book, credit_opening: int) -> None:
    """Turn each placeholder into a repayment of everything the card owed at that moment."""
    owed, resolved = -credit_opening, []
    for event in book.events:
        if event.transfer == ("checking", "credit") and event.cents == 0:
            if owed > 0:
                pay = _Book()
                pay.move("checking", "credit", event.at, owed, "Credit card repayment")
                resolved.extend(pay.events)
                owed = 0
            continue
        if event.account == "credit":
            owed -= event.cents
        resolved.append(event)
    book.events = resolved


def _lowest(book: _Book, account: str, opening: int) -> int:
    balance = lowest = opening
    for event in book.events:
        if event.account == account:
            balance += event.cents
            lowest = min(lowest, balance)
    return lowest


def _transfer_id(
    db: Db,
    user_id: int,
    ids: dict[str, int],
    event: _Event,
    pending: dict[_TransferKey, Transfer],
    n: int,
) -> int:
    """The transfer row both sides of an own-account transfer share (made on the first side)."""
    assert event.transfer is not None
    key = (event.at, event.transfer)
    if key not in pending:
        source, target = event.transfer
        transfer = Transfer(
            owner_id=user_id,
            source_account_id=ids[source],
            target_account_id=ids[target],
            amount_cents=abs(event.cents),
            memo=event.description,
            idempotency_key=f"demo-{n:05d}",
            created_at=event.at,
        )
        db.add(transfer)
        db.flush()
        pending[key] = transfer
    transfer_id = pending[key].id
    assert transfer_id is not None
    return transfer_id


def _id(account: Account) -> int:
    assert account.id is not None
    return account.id
