"""Factories and checks for the bank tests: customers with accounts, databases, money invariants."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session as Db
from sqlmodel import select

from bankchat.bank import seed_bank_demo
from bankchat.db import engine_for
from bankchat.migrate import upgrade_database
from bankchat.models import Account, LedgerEntry, Payee, Transfer, utcnow
from tests.factories import make_user, settings_env

POSTGRES_HOST, POSTGRES_PORT = "127.0.0.1", 5432
POSTGRES_ADMIN_URL = f"postgresql+psycopg2://postgres@{POSTGRES_HOST}:{POSTGRES_PORT}/postgres"


def make_customer(db: Db) -> int:
    """A flushed customer with no accounts yet; returns the user ID."""
    user = make_user(db)
    assert user.id is not None
    return user.id


def demo_customer(db: Db, *, username: str | None = None, today: date | None = None) -> int:
    """A flushed customer with the demo bank seeded under ``username``; returns the user ID."""
    user_id = make_customer(db)
    seed_bank_demo(db=db, user_id=user_id, username=username or "alice", today=today or utcnow().date())
    return user_id


def open_account(
    db: Db,
    owner_id: int,
    *,
    kind: str = "checking",
    name: str | None = None,
    balance_cents: int = 0,
    overdraft_cents: int = 0,
    credit_limit_cents: int = 0,
    daily_limit_cents: int = 1_000_000,
) -> int:
    """A flushed account whose ledger starts with one opening entry of ``balance_cents``; returns its ID."""
    account = Account(
        owner_id=owner_id,
        name=name or {"checking": "Everyday Checking", "savings": "Savings", "credit": "Credit Card"}[kind],
        kind=kind,
        masked_number=f"•••• {uuid.uuid4().int % 10000:04d}",
        balance_cents=balance_cents,
        overdraft_limit_cents=overdraft_cents,
        credit_limit_cents=credit_limit_cents,
        daily_transfer_limit_cents=daily_limit_cents,
    )
    db.add(account)
    db.flush()
    assert account.id is not None
    if balance_cents:
        now = utcnow()
        db.add(
            LedgerEntry(
                account_id=account.id,
                booked_at=now,
                value_date=now.date(),
                merchant="Opening balance",
                category="transfer",
                amount_cents=balance_cents,
                balance_after_cents=balance_cents,
            )
        )
        db.flush()
    return account.id


def make_payee(db: Db, owner_id: int, *, name: str = "Mum", nickname: str = "mum") -> int:
    """A flushed payee of the customer; returns its ID."""
    payee = Payee(
        owner_id=owner_id,
        name=name,
        nickname=nickname,
        bank_name="Nationwide",
        masked_account="•••• 1234",
        sort_code="••-••-12",
    )
    db.add(payee)
    db.flush()
    assert payee.id is not None
    return payee.id


def balances(db: Db, owner_id: int) -> dict[int, int]:
    """``{account_id: balance_cents}`` of the customer, read fresh from the database."""
    rows = db.exec(select(Account.id, Account.balance_cents).where(Account.owner_id == owner_id)).all()
    return {int(account_id): int(balance) for account_id, balance in rows}


def ledger_sums(db: Db, owner_id: int) -> dict[int, int]:
    """``{account_id: sum of its ledger amounts}`` of the customer."""
    rows = db.exec(
        select(LedgerEntry.account_id, func.sum(LedgerEntry.amount_cents))
        .join(Account, Account.id == LedgerEntry.account_id)
        .where(Account.owner_id == owner_id)
        .group_by(LedgerEntry.account_id)
    ).all()
    return {int(account_id): int(total) for account_id, total in rows}


def count_transfers(db: Db, owner_id: int) -> int:
    """How many transfer rows the customer has."""
    return int(db.exec(select(func.count()).select_from(Transfer).where(Transfer.owner_id == owner_id)).one())


def assert_ledger_explains_balances(db: Db, owner_id: int) -> None:
    """Every balance is exactly the sum of its ledger, and each entry's running balance follows on."""
    current = balances(db, owner_id)
    sums = ledger_sums(db, owner_id)
    assert {k: sums.get(k, 0) for k in current} == current
    for account_id, balance in current.items():
        entries = db.exec(
            select(LedgerEntry)
            .where(LedgerEntry.account_id == account_id)
            .order_by(LedgerEntry.booked_at, LedgerEntry.id)
        ).all()
        running = 0
        for entry in entries:
            running += entry.amount_cents
            assert entry.balance_after_cents == running, entry
        assert running == balance


def postgres_reachable() -> bool:
    """Whether a PostgreSQL server listens on 127.0.0.1:5432 and psycopg2 is installed."""
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        return False
    try:
        with socket.create_connection((POSTGRES_HOST, POSTGRES_PORT), timeout=1):
            return True
    except OSError:
        return False


@contextmanager
def postgres_database() -> Iterator[Engine]:
    """A new PostgreSQL database, migrated to head and configured as *the* database; dropped afterwards."""
    name = f"bankchat_test_{uuid.uuid4().hex[:12]}"
    server = engine_for(POSTGRES_ADMIN_URL)
    admin = server.execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg2://postgres@{POSTGRES_HOST}:{POSTGRES_PORT}/{name}"
    try:
        with settings_env(REFLEX_DB_URL=url):
            upgrade_database()
            engine = engine_for(url)
            try:
                yield engine
            finally:
                engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.dispose()
