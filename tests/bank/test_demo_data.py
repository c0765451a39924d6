"""Demo banking: deterministic, about 90 days up to the seed day, consistent balances, idempotent."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session as Db
from sqlmodel import select

from bankchat.bank import add_payee, list_accounts, list_cards, list_payees, search_transactions, seed_bank_demo
from bankchat.bank.bank_details import read_uk_details
from bankchat.bank.ledger import CATEGORIES, MAX_PAGE
from bankchat.bank.payee_details import details_hash
from bankchat.db import session_scope
from bankchat.errors import DuplicatePayee
from bankchat.models import Account, LedgerEntry, Payee, Transfer, User, utcnow
from bankchat.services.seed import DEMO_USERS, seed_demo_data
from tests.bank.helpers import assert_ledger_explains_balances, make_customer
from tests.factories import fresh_database

TODAY = date(2026, 2, 1)  # a Sunday, the first of the month


def _entries(db: Db, owner: int) -> list[LedgerEntry]:
    return list(
        db.exec(
            select(LedgerEntry)
            .join(Account, Account.id == LedgerEntry.account_id)
            .where(Account.owner_id == owner)
            .order_by(LedgerEntry.id)
        ).all()
    )


def _fingerprint(db: Db, owner: int) -> list[tuple[object, ...]]:
    kinds = {a.id: a.kind for a in list_accounts(db=db, owner_id=owner)}
    return [
        (kinds[e.account_id], e.booked_at, e.merchant, e.category, e.amount_cents, e.balance_after_cents)
        for e in _entries(db, owner)
    ]


def _seeded(db: Db, username: str, today: date = TODAY) -> int:
    owner = make_customer(db)
    assert seed_bank_demo(db=db, user_id=owner, username=username, today=today) is True
    return owner


def test_seed_bank_demo_is_deterministic_per_username(db: Db) -> None:
    first, again, other = _seeded(db, "alice"), _seeded(db, "alice"), _seeded(db, "bob")

    assert _fingerprint(db, first) == _fingerprint(db, again)
    assert [a.balance_cents for a in list_accounts(db=db, owner_id=first)] == [
        a.balance_cents for a in list_accounts(db=db, owner_id=again)
    ]
    assert _fingerprint(db, first) != _fingerprint(db, other)
    assert {a.balance_cents for a in list_accounts(db=db, owner_id=first)}.isdisjoint(
        a.balance_cents for a in list_accounts(db=db, owner_id=other)
    )


def test_seed_bank_demo_spans_ninety_days_up_to_today(db: Db) -> None:
    owner = _seeded(db, "alice")
    days = {e.value_date for e in _entries(db, owner)}

    assert min(days) == TODAY - timedelta(days=89)
    assert max(days) <= TODAY
    assert len(_entries(db, owner)) > 200
    assert all(e.booked_at <= utcnow() for e in _entries(db, owner))
    assert all(e.booked_at.hour < 6 for e in _entries(db, owner) if e.value_date == TODAY)


def test_seed_bank_demo_has_data_for_every_recent_day(db: Db) -> None:
    owner = _seeded(db, "bob")
    days = {e.value_date for e in _entries(db, owner) if e.merchant != "Opening balance"}

    for back in range(1, 90):
        assert TODAY - timedelta(days=back) in days, back
    last_week = search_transactions(
        db=db, owner_id=owner, start=TODAY - timedelta(days=7), end=TODAY - timedelta(days=1), limit=MAX_PAGE
    )
    assert len(last_week.items) >= 10


def test_seed_bank_demo_is_realistic(db: Db) -> None:
    owner = _seeded(db, "alice")
    entries = _entries(db, owner)
    merchants = {e.merchant for e in entries}
    categories = {e.category for e in entries}

    assert categories <= set(CATEGORIES)
    assert {"salary", "rent", "groceries", "coffee", "subscriptions", "utilities", "transport", "refund", "cash"} <= (
        categories
    )
    assert {"Netflix", "Spotify", "iCloud", "TfL", "Amazon", "Oak Estates"} <= merchants
    assert {"Tesco", "Sainsbury's", "Waitrose"} & merchants
    assert {"Pret A Manger", "Costa Coffee"} & merchants
    salaries = [e for e in entries if e.category == "salary"]
    assert len(salaries) == 3
    assert all(e.amount_cents == 345_218 for e in salaries)
    kinds = {a.id: a.kind for a in list_accounts(db=db, owner_id=owner)}
    assert {kinds[e.account_id] for e in entries if e.category == "dining"} == {"credit"}


def test_seed_bank_demo_balances_follow_from_the_ledger(db: Db) -> None:
    for username in ("alice", "bob", "manager", "someone-new"):
        owner = _seeded(db, username)
        assert_ledger_explains_balances(db, owner)
        for account in list_accounts(db=db, owner_id=owner):
            assert account.available_cents >= 0
            newest = search_transactions(db=db, owner_id=owner, account_id=account.id, limit=1).items[0]
            assert newest.balance_after_cents == account.balance_cents


def test_seed_bank_demo_transfers_have_rows_and_balanced_legs(db: Db) -> None:
    owner = _seeded(db, "alice")
    transfers = db.exec(select(Transfer).where(Transfer.owner_id == owner)).all()

    assert len(transfers) >= 5
    for transfer in transfers:
        legs = db.exec(select(LedgerEntry).where(LedgerEntry.transfer_id == transfer.id)).all()
        assert sorted(leg.amount_cents for leg in legs) == [-transfer.amount_cents, transfer.amount_cents]


def test_seed_bank_demo_accounts_cards_payees(db: Db) -> None:
    alice, bob = _seeded(db, "alice"), _seeded(db, "bob")

    for owner in (alice, bob):
        assert [a.kind for a in list_accounts(db=db, owner_id=owner)] == ["checking", "savings", "credit"]
        assert [(c.kind, c.status) for c in list_cards(db=db, owner_id=owner)] == [
            ("debit", "active"),
            ("credit", "active"),
        ]
    assert {p.nickname for p in list_payees(db=db, owner_id=alice)} >= {"landlord", "bob"}
    assert {p.name for p in list_payees(db=db, owner_id=bob)} >= {"Alice Anderson", "Mum"}


def test_seed_bank_demo_payees_have_a_fingerprint_masked_details_and_bank_that_match(db: Db) -> None:
    alice = _seeded(db, "alice")

    bob = db.exec(select(Payee).where(Payee.owner_id == alice, Payee.name == "Bob Brown")).one()
    monzo = read_uk_details("04-00-04", "77736320")

    assert (bob.details_hash, bob.masked_account, bob.sort_code) == (details_hash(monzo), "•••• 6320", "••-••-04")
    assert bob.bank_name == "Monzo"
    assert all(p.details_hash for p in db.exec(select(Payee).where(Payee.owner_id == alice)).all())


def test_seed_bank_demo_payee_details_refuse_the_same_account_again(db: Db) -> None:
    alice = _seeded(db, "alice")

    with pytest.raises(DuplicatePayee, match="already saved as your payee Bob Brown"):
        add_payee(db=db, owner_id=alice, name="Robert", details=read_uk_details("040004", "77736320"))


def test_seed_bank_demo_again_fills_in_payees_seeded_without_a_fingerprint(db: Db) -> None:
    alice = _seeded(db, "alice")
    for payee in db.exec(select(Payee).where(Payee.owner_id == alice)).all():
        payee.details_hash, payee.masked_account = None, "•••• 0000"  # as seeded before fingerprints
        db.add(payee)
    db.flush()

    assert seed_bank_demo(db=db, user_id=alice, username="alice", today=TODAY) is False

    bob = db.exec(select(Payee).where(Payee.owner_id == alice, Payee.name == "Bob Brown")).one()
    assert bob.details_hash == details_hash(read_uk_details("04-00-04", "77736320"))
    assert bob.masked_account == "•••• 6320"
    assert all(p.details_hash for p in db.exec(select(Payee).where(Payee.owner_id == alice)).all())


def test_seed_bank_demo_twice_adds_nothing(db: Db) -> None:
    owner = _seeded(db, "alice")
    rows = len(_entries(db, owner))

    assert seed_bank_demo(db=db, user_id=owner, username="alice", today=TODAY + timedelta(days=3)) is False
    assert len(_entries(db, owner)) == rows
    assert len(list_accounts(db=db, owner_id=owner)) == 3


def test_seed_demo_data_gives_each_demo_user_a_bank_once(tmp_path: Path) -> None:
    with fresh_database(tmp_path / "seed.db"):
        assert seed_demo_data() == len(DEMO_USERS)
        assert seed_demo_data() == 0
        with session_scope() as db:
            users = db.exec(select(User.id)).all()
            counts = [db.exec(select(func.count()).where(Account.owner_id == u)).one() for u in users]
            entries = db.exec(select(func.count()).select_from(LedgerEntry)).one()
            today = utcnow().date()
            latest = db.exec(select(func.max(LedgerEntry.value_date))).one()
    assert counts == [3, 3, 3]
    assert entries > 3 * 200
    assert latest in {today, today - timedelta(days=1)}
