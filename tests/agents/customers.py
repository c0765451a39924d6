"""Demo customers for the agents' tests: a migrated database, a customer with a demo bank, their turns
(``say``) and their accounts, cards and transfers read fresh."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlmodel import col, select

from bankchat.agents.types import Customer, HistoryItem, PendingStep, Turn
from bankchat.bank import accounts as bank_accounts
from bankchat.bank import cards as bank_cards
from bankchat.bank.accounts import AccountView
from bankchat.bank.cards import CardView
from bankchat.db import session_scope
from bankchat.models import Account, ChatSession, LedgerEntry, User
from bankchat.services import SessionManager
from tests.bank import helpers as bank_helpers
from tests.factories import fresh_database

SEED_DAY = date(2025, 3, 14)
"""The last day of every demo history here (a Friday), and the customer's "today" in the turns."""
SESSION_ID = "sess_mgpresmh_" + "b" * 25
"""A well-formed session ID for the specialists that never look it up."""


@contextmanager
def migrated_database(path: Path) -> Iterator[None]:
    """A migrated SQLite database at ``path``, the configured database meanwhile."""
    with fresh_database(path):
        yield


def new_customer(profile: str = "alice", *, with_bank: bool = True, today: date = SEED_DAY) -> Customer:
    """A committed customer with the demo bank of ``profile`` (alice: 3 accounts, 2 cards, 3 payees)."""
    with session_scope() as db:
        if with_bank:
            user_id = bank_helpers.demo_customer(db, username=profile, today=today)
        else:
            user_id = bank_helpers.make_customer(db)
        name = db.exec(select(User.display_name).where(User.id == user_id)).one()
    return Customer(user_id=user_id, display_name=name)


def say(
    customer: Customer,
    text: str,
    *,
    pending: PendingStep | None = None,
    history: tuple[HistoryItem, ...] = (),
    session_id: str = SESSION_ID,
    today: date = SEED_DAY,
) -> Turn:
    """The customer's message ``text`` as a turn, with the day pinned."""
    return Turn(session_id=session_id, customer=customer, text=text, history=history, pending=pending, today=today)


def account_of(customer: Customer, kind: str) -> AccountView:
    """The customer's first account of ``kind``, read fresh."""
    with session_scope() as db:
        accounts = bank_accounts.list_accounts(db=db, owner_id=customer.user_id)
    return next(a for a in accounts if a.kind == kind)


def card_of(customer: Customer, kind: str) -> CardView:
    """The customer's ``debit`` or ``credit`` card, read fresh."""
    with session_scope() as db:
        cards = bank_cards.list_cards(db=db, owner_id=customer.user_id)
    return next(c for c in cards if c.kind == kind)


def balances_of(customer: Customer) -> dict[int, int]:
    """``{account_id: balance_cents}``, read fresh."""
    with session_scope() as db:
        return bank_helpers.balances(db, customer.user_id)


def transfers_of(customer: Customer) -> int:
    """How many transfer rows the customer has (the demo history's included)."""
    with session_scope() as db:
        return bank_helpers.count_transfers(db, customer.user_id)


def set_daily_limit(account_id: int, cents: int) -> None:
    """Lower (or raise) one account's daily transfer limit."""
    with session_scope() as db:
        account = db.get(Account, account_id)
        assert account is not None
        account.daily_transfer_limit_cents = cents
        db.add(account)


def start_conversation(customer: Customer) -> str:
    """A committed session and chat session for the customer; returns the session ID."""
    with session_scope() as db:
        session = SessionManager().create_session(db=db, user_id=customer.user_id)
        db.add(ChatSession(session_id=session.id, user_id=customer.user_id))
    return session.id


def table_rows(markdown: str) -> list[list[str]]:
    """The data rows of the first Markdown table in ``markdown``, as stripped cells (header and rule left out)."""
    lines = [line for line in markdown.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines[2:]]


def statement_rows(customer: Customer) -> list[LedgerEntry]:
    """Every statement line of ``customer``, newest first (read straight from the table)."""
    with session_scope() as db:
        return list(
            db.exec(
                select(LedgerEntry)
                .join(Account, col(Account.id) == LedgerEntry.account_id)
                .where(Account.owner_id == customer.user_id)
                .order_by(col(LedgerEntry.booked_at).desc(), col(LedgerEntry.id).desc())
            ).all()
        )
