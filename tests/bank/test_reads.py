"""Reads reused within one unit of work, and forgotten as soon as anything is written."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest
from sqlalchemy import event, update
from sqlmodel import Session as Db

from bankchat.bank import find_account, freeze_card, get_account, get_card, list_accounts, list_cards, list_payees
from bankchat.bank.transfer_views import TransferRequest
from bankchat.bank.transfers import validate_transfer
from bankchat.models import Account, Payee
from tests.bank.helpers import demo_customer


@pytest.fixture
def owner(db: Db) -> int:
    return demo_customer(db)


@contextmanager
def counted(db: Db) -> Iterator[list[str]]:
    """The statements ``db`` sends meanwhile."""
    statements: list[str] = []
    engine = db.get_bind()

    def record(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_accounts_named_then_answered_are_read_once(db: Db, owner: int) -> None:
    """'how much is in my savings': the name is resolved and the balance shown from one read."""
    with counted(db) as statements:
        savings = find_account(db=db, owner_id=owner, words="my savings")
        assert savings is not None
        assert get_account(db=db, owner_id=owner, account_id=savings.id) == savings
        list_accounts(db=db, owner_id=owner)
    assert sum("FROM account" in s for s in statements) == 1
    assert not any("FROM card" in s for s in statements)  # no brand said: the cards are not read


def test_a_card_brand_names_its_account_with_one_read_of_the_cards(db: Db, owner: int) -> None:
    with counted(db) as statements:
        visa = find_account(db=db, owner_id=owner, words="the visa one")
        find_account(db=db, owner_id=owner, words="my visa account")
    assert visa is not None
    assert visa.kind == "checking"
    assert sum("FROM card" in s for s in statements) == 1


def test_a_write_through_the_session_is_seen_by_the_next_read(db: Db, owner: int) -> None:
    before = {a.id: a.balance_cents for a in list_accounts(db=db, owner_id=owner)}
    first = next(iter(before))
    db.exec(update(Account).where(Account.id == first).values(balance_cents=Account.balance_cents + 100))  # type: ignore[call-overload, arg-type]

    assert get_account(db=db, owner_id=owner, account_id=first).balance_cents == before[first] + 100


def test_a_flushed_new_row_is_seen_by_the_next_read(db: Db, owner: int) -> None:
    count = len(list_payees(db=db, owner_id=owner))
    db.add(
        Payee(owner_id=owner, name="Zed Zebra", nickname="zed", bank_name="B", masked_account="****1", sort_code="1")
    )
    db.flush()

    assert len(list_payees(db=db, owner_id=owner)) == count + 1


def test_a_card_action_reads_the_changed_card(db: Db, owner: int) -> None:
    card = next(c for c in list_cards(db=db, owner_id=owner) if c.kind == "debit")

    change = freeze_card(db=db, owner_id=owner, card_id=card.id)

    assert change.card.status == "frozen"
    assert get_card(db=db, owner_id=owner, card_id=card.id).status == "frozen"


def test_reads_do_not_outlive_the_transaction(db: Db, owner: int) -> None:
    list_accounts(db=db, owner_id=owner)
    db.commit()
    with counted(db) as statements:
        list_accounts(db=db, owner_id=owner)
    assert any("FROM account" in s for s in statements)


def test_a_transfer_checked_then_read_back_is_quoted_once(db: Db, owner: int) -> None:
    checking, savings = list_accounts(db=db, owner_id=owner)[:2]
    ask = TransferRequest(checking.id, 500, target_account_id=savings.id)

    with counted(db) as statements:
        first = validate_transfer(db=db, owner_id=owner, request=ask)
        again = validate_transfer(db=db, owner_id=owner, request=ask)
        other = validate_transfer(db=db, owner_id=owner, request=replace(ask, amount_cents=600))

    assert first == again
    assert other.amount_cents == 600
    assert sum("transfer.amount_cents" in s for s in statements) == 2  # the daily limit: once per distinct quote
