"""Accounts: listing, one account, resolving the customer's words; only ever the caller's own."""

from __future__ import annotations

import pytest
from sqlmodel import Session as Db

from bankchat.bank import find_account, get_account, list_accounts
from bankchat.errors import AccountNotFound
from tests.bank.helpers import demo_customer, make_customer, open_account


def test_list_accounts_orders_checking_savings_credit_with_available(db: Db) -> None:
    owner = demo_customer(db)

    accounts = list_accounts(db=db, owner_id=owner)

    assert [a.kind for a in accounts] == ["checking", "savings", "credit"]
    assert [a.name for a in accounts] == ["Everyday Checking", "Savings", "Credit Card"]
    for a in accounts:
        assert a.available_cents == a.balance_cents + a.credit_limit_cents + a.overdraft_limit_cents
        assert a.currency == "GBP"
        assert a.masked_number.startswith("•••• ")
        assert len(a.masked_number) == 9
    assert accounts[2].credit_limit_cents > 0
    assert accounts[0].credit_limit_cents == accounts[1].credit_limit_cents == 0


def test_list_accounts_of_customer_without_accounts_is_empty(db: Db) -> None:
    assert list_accounts(db=db, owner_id=make_customer(db)) == []


def test_get_account_returns_own_account(db: Db) -> None:
    owner = make_customer(db)
    account_id = open_account(db, owner, balance_cents=12_345, overdraft_cents=5_000)

    account = get_account(db=db, owner_id=owner, account_id=account_id)

    assert (account.id, account.balance_cents, account.available_cents) == (account_id, 12_345, 17_345)


def test_get_account_of_other_user_is_not_found_like_missing(db: Db) -> None:
    owner, stranger = make_customer(db), make_customer(db)
    theirs = open_account(db, stranger, balance_cents=100)

    with pytest.raises(AccountNotFound) as foreign:
        get_account(db=db, owner_id=owner, account_id=theirs)
    with pytest.raises(AccountNotFound) as missing:
        get_account(db=db, owner_id=owner, account_id=theirs + 10_000)

    assert (foreign.value.code, foreign.value.detail) == (missing.value.code, missing.value.detail)
    assert foreign.value.detail == "Account not found"


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("savings", "savings"),
        ("my Savings account", "savings"),
        ("checking", "checking"),
        ("current account", "checking"),
        ("the everyday one", "checking"),
        ("credit card", "credit"),
        ("my CREDIT card", "credit"),
        ("Everyday Checking", "checking"),
    ],
)
def test_find_account_resolves_words_to_kind(db: Db, words: str, kind: str) -> None:
    owner = demo_customer(db)

    found = find_account(db=db, owner_id=owner, words=words)

    assert found is not None
    assert found.kind == kind


def test_find_account_by_last_four_digits(db: Db) -> None:
    owner = demo_customer(db)
    savings = list_accounts(db=db, owner_id=owner)[1]

    found = find_account(db=db, owner_id=owner, words=f"the account ending {savings.masked_number[-4:]}")

    assert found == savings


@pytest.mark.parametrize("words", ["", "   ", "pension", "my mortgage"])
def test_find_account_unknown_words_is_none(db: Db, words: str) -> None:
    assert find_account(db=db, owner_id=demo_customer(db), words=words) is None


def test_find_account_never_returns_another_users_account(db: Db) -> None:
    owner = make_customer(db)
    open_account(db, owner, kind="checking")
    demo_customer(db)  # someone else has savings

    assert find_account(db=db, owner_id=owner, words="savings") is None
