"""Accounts: listing, one account, resolving the customer's words; only ever the caller's own."""

from __future__ import annotations

import pytest
from sqlmodel import Session as Db

from bankchat.bank import find_account, find_accounts, get_account, list_accounts
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
        ("current", "checking"),
        ("my main account", "checking"),
        ("chequing", "checking"),
        ("the cheque account", "checking"),
        ("everyday", "checking"),
        ("saving", "savings"),
        ("the savings pot", "savings"),
        ("my rainy day fund", "savings"),
        ("my ISA", "savings"),
        ("cc", "credit"),
        ("pay off the cc", "credit"),
        ("my visa", "checking"),
        ("the mastercard", "credit"),
        ("my master card", "credit"),
        ("savngs", "savings"),
        ("my savigns account", "savings"),
        ("chekcing", "checking"),
        ("chcking", "checking"),
        ("everday account", "checking"),
        ("credti card", "credit"),
        ("send 50 to savings", "savings"),
        ("my current account balance", "checking"),
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


@pytest.mark.parametrize("shape", ["ending {}", "ending in {}", "****{}", "•••• {}", "{}", "account no. {}", "#{}"])
def test_find_account_by_last_four_in_any_shape(db: Db, shape: str) -> None:
    owner = demo_customer(db)
    savings = list_accounts(db=db, owner_id=owner)[1]

    assert find_account(db=db, owner_id=owner, words=shape.format(savings.masked_number[-4:])) == savings


def test_find_account_bare_number_in_sentence_is_amount_not_account(db: Db) -> None:
    owner = demo_customer(db)
    digits = list_accounts(db=db, owner_id=owner)[1].masked_number[-4:]

    assert find_account(db=db, owner_id=owner, words=f"send {digits} to bob") is None


def test_find_account_with_name_and_kind_prefers_name(db: Db) -> None:
    owner = demo_customer(db)

    found = find_account(db=db, owner_id=owner, words="from my savings to Everyday Checking")

    assert found is not None
    assert found.name == "Everyday Checking"


@pytest.mark.parametrize(
    "words",
    [
        "",
        "   ",
        "pension",
        "my mortgage",
        "send bob 20",
        "how much did I spend",
        "the other one",
        "yes",
        "I'm having trouble",
        "adjust my limit",
        "pay off my debt",
        "send it via bank transfer",
        "check my balance",
        "my salary was credited",
        "what currency is it",
        "show me everything for March",
        "what's my current balance",
        "spending so far this current month",
    ],
)
def test_find_account_unknown_words_is_none(db: Db, words: str) -> None:
    assert find_account(db=db, owner_id=demo_customer(db), words=words) is None


@pytest.mark.parametrize(
    ("words", "kinds"),
    [
        ("savings n checking combined", ["savings", "checking"]),
        ("checking and savings", ["checking", "savings"]),
        ("what's in savings & current altogether", ["savings", "checking"]),
        ("Everyday Checking plus the credit card", ["checking", "credit"]),
        ("savings, savings pot and my saver", ["savings"]),
        ("all my accounts", ["checking", "savings", "credit"]),
        ("how much do I have altogether", ["checking", "savings", "credit"]),
        ("total balance", ["checking", "savings", "credit"]),
        ("both", ["checking", "savings"]),
        ("both accounts combined", ["checking", "savings"]),
        ("savngs and chekcing", ["savings", "checking"]),
        ("my savings", ["savings"]),
        ("hello there", []),
        ("", []),
    ],
)
def test_find_accounts_resolves_every_named_account_in_order(db: Db, words: str, kinds: list[str]) -> None:
    owner = demo_customer(db)

    found = find_accounts(db=db, owner_id=owner, words=words)

    assert [a.kind for a in found] == kinds


def test_find_accounts_by_last_four_in_order(db: Db) -> None:
    owner = demo_customer(db)
    checking, savings, _ = list_accounts(db=db, owner_id=owner)

    found = find_accounts(
        db=db, owner_id=owner, words=f"account {savings.masked_number[-4:]} and ****{checking.masked_number[-4:]}"
    )

    assert found == [savings, checking]


def test_find_accounts_both_with_two_accounts_means_those(db: Db) -> None:
    owner = make_customer(db)
    open_account(db, owner, kind="savings")
    open_account(db, owner, kind="credit")

    assert [a.kind for a in find_accounts(db=db, owner_id=owner, words="both of them")] == ["savings", "credit"]


def test_find_accounts_never_returns_another_users_accounts(db: Db) -> None:
    owner = make_customer(db)
    open_account(db, owner, kind="checking")
    demo_customer(db)

    assert [a.kind for a in find_accounts(db=db, owner_id=owner, words="savings and checking")] == ["checking"]
    assert [a.kind for a in find_accounts(db=db, owner_id=owner, words="all my accounts")] == ["checking"]


def test_find_account_never_returns_another_users_account(db: Db) -> None:
    owner = make_customer(db)
    open_account(db, owner, kind="checking")
    demo_customer(db)  # someone else has savings

    assert find_account(db=db, owner_id=owner, words="savings") is None
