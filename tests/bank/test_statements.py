"""Monthly statements reconcile with the ledger for every account and month of the demo data."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import Session as Db
from sqlmodel import select

from bankchat.bank import list_accounts, seed_bank_demo
from bankchat.bank.statements import add_months, build_statement, month_end, parse_month, statement_months
from bankchat.errors import AccountNotFound, InvalidMonth, StatementNotFound
from bankchat.models import LedgerEntry
from bankchat.services.seed import DEMO_USERS
from tests.agents.customers import SEED_DAY
from tests.bank.helpers import make_customer, open_account

DAYS = (SEED_DAY, date(2026, 2, 1), date(2024, 12, 31))
"""The agents' seed day (mid-month), a first of the month and a year's last day: the months split differently."""


def _entries(db: Db, account_id: int) -> list[LedgerEntry]:
    return list(
        db.exec(
            select(LedgerEntry)
            .where(LedgerEntry.account_id == account_id)
            .order_by(LedgerEntry.booked_at, LedgerEntry.id)  # type: ignore[arg-type]
        ).all()
    )


@pytest.mark.parametrize("today", DAYS, ids=str)
@pytest.mark.parametrize("username", [name for name, _, _ in DEMO_USERS])
def test_statements_reconcile_with_ledger_for_every_account_and_month(db: Db, username: str, today: date) -> None:
    owner = make_customer(db)
    seed_bank_demo(db=db, user_id=owner, username=username, today=today)
    for account in list_accounts(db=db, owner_id=owner):
        months = statement_months(db=db, owner_id=owner, account_id=account.id, today=today)
        assert months[-1] == today.replace(day=1)
        assert len(months) >= 3  # about 90 days of history
        entries = _entries(db, account.id)
        stated: list[str] = []
        opening = 0
        for month in months:
            statement = build_statement(db=db, owner_id=owner, account_id=account.id, month=month, today=today)
            assert statement.opening_cents == opening, (account.name, month)  # the month before's closing
            in_month = [e for e in entries if month <= e.value_date <= month_end(month)]
            assert [line.public_id for line in statement.lines] == [e.public_id for e in in_month]
            for line, entry in zip(statement.lines, in_month, strict=True):
                assert line.amount_cents == entry.amount_cents
                assert line.balance_cents == entry.balance_after_cents  # the ledger's own running balance
            moved = sum(line.amount_cents for line in statement.lines)
            assert statement.closing_cents == statement.opening_cents + moved
            assert statement.money_in_cents - statement.money_out_cents == moved
            assert min(statement.money_in_cents, statement.money_out_cents) >= 0
            assert statement.to_date is (month == months[-1])
            stated += [line.public_id for line in statement.lines]
            opening = statement.closing_cents
        assert opening == account.balance_cents  # the current month closes on the balance now
        assert sorted(stated) == sorted(e.public_id for e in entries)  # every posting on exactly one statement


@pytest.fixture
def alice(db: Db) -> int:
    owner = make_customer(db)
    seed_bank_demo(db=db, user_id=owner, username="alice", today=SEED_DAY)
    return owner


def _checking(db: Db, owner: int) -> int:
    return next(a.id for a in list_accounts(db=db, owner_id=owner) if a.kind == "checking")


def test_statement_of_month_still_to_come_is_not_found(db: Db, alice: int) -> None:
    future = add_months(SEED_DAY.replace(day=1), 1)
    with pytest.raises(StatementNotFound, match="April 2025 yet"):
        build_statement(db=db, owner_id=alice, account_id=_checking(db, alice), month=future, today=SEED_DAY)


def test_statement_before_account_history_is_not_found_and_says_where_it_starts(db: Db, alice: int) -> None:
    with pytest.raises(StatementNotFound, match="statements start in December 2024"):
        build_statement(db=db, owner_id=alice, account_id=_checking(db, alice), month=date(2024, 6, 1), today=SEED_DAY)


def test_statement_of_another_customers_account_is_account_not_found(db: Db, alice: int) -> None:
    mallory, february = make_customer(db), date(2025, 2, 1)
    with pytest.raises(AccountNotFound):
        build_statement(db=db, owner_id=mallory, account_id=_checking(db, alice), month=february, today=SEED_DAY)


def test_statement_of_new_account_has_its_opening_posting_and_no_more(db: Db) -> None:
    owner = make_customer(db)
    account = open_account(db, owner, balance_cents=12_345)
    today = db.exec(select(func.min(LedgerEntry.value_date)).where(LedgerEntry.account_id == account)).one()
    assert today is not None
    statement = build_statement(db=db, owner_id=owner, account_id=account, month=today, today=today)
    assert (statement.opening_cents, statement.closing_cents, statement.money_in_cents) == (0, 12_345, 12_345)
    assert (len(statement.lines), statement.to_date) == (1, True)


@pytest.mark.parametrize(("text", "first"), [("2025-02", date(2025, 2, 1)), ("1999-12", date(1999, 12, 1))])
def test_parse_month_reads_year_and_month(text: str, first: date) -> None:
    assert parse_month(text) == first


@pytest.mark.parametrize("text", ["2025-13", "2025-00", "2025-2", "feb", "", "0000-01", "2025-02-01", None, 202502])
def test_parse_month_refuses_what_is_no_month(text: object) -> None:
    with pytest.raises(InvalidMonth):
        parse_month(text)
