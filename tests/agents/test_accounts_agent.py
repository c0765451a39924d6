"""The accounts specialist, called directly: balances from the database, one account by its words."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bankchat.agents import accounts
from bankchat.agents.types import Customer
from bankchat.bank.money import format_cents
from tests.agents.specialists import account_of, migrated_database, new_customer, say, table_rows


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A database of this module's own, the configured one meanwhile."""
    with migrated_database(tmp_path_factory.mktemp("accounts-agent") / "x.db"):
        yield


@pytest.fixture(scope="module")
def alice(database: None) -> Customer:
    """A customer with alice's demo bank."""
    return new_customer("alice")


def test_handle_balance_question_tables_every_account(alice: Customer) -> None:
    checking, savings, credit = (account_of(alice, k) for k in ("checking", "savings", "credit"))

    reply = accounts.handle(say(alice, "What's my balance?"), "check_balance", 0.93)

    assert (reply.agent, reply.intent, reply.confidence, reply.pending) == ("accounts", "check_balance", 0.93, None)
    assert table_rows(reply.content) == [
        [a.name, a.masked_number, format_cents(a.balance_cents), format_cents(a.available_cents)]
        for a in (checking, savings, credit)
    ]
    cash = checking.balance_cents + savings.balance_cents
    assert reply.content.endswith(f"Total in checking and savings: **{format_cents(cash)}**.")


def test_handle_balance_question_traces_account_count(alice: Customer) -> None:
    reply = accounts.handle(say(alice, "show me my account balances"), "check_balance", 0.9)

    assert reply.actions == [{"tool": "list_accounts", "accounts": 3}]


def test_handle_savings_named_answers_that_account_only(alice: Customer) -> None:
    savings = account_of(alice, "savings")

    reply = accounts.handle(say(alice, "how much money do I have in savings?"), "check_balance", 0.9)

    assert reply.content == (
        f"Your **Savings** ({savings.masked_number}) balance is **{format_cents(savings.balance_cents)}**."
    )
    assert reply.actions == [{"tool": "list_accounts", "accounts": 3, "account_id": savings.id}]


def test_handle_current_account_named_adds_available_with_overdraft(alice: Customer) -> None:
    checking = account_of(alice, "checking")
    assert checking.overdraft_limit_cents == 50_000  # alice's demo overdraft, so available differs from balance

    reply = accounts.handle(say(alice, "how much is in my current account"), "check_balance", 0.9)

    assert reply.content == (
        f"Your **Everyday Checking** ({checking.masked_number}) balance is "
        f"**{format_cents(checking.balance_cents)}**. "
        f"Available to spend: {format_cents(checking.balance_cents + 50_000)}."
    )


def test_handle_credit_card_named_answers_available_credit_and_limit(alice: Customer) -> None:
    credit = account_of(alice, "credit")
    owed = max(-credit.balance_cents, 0)

    reply = accounts.handle(say(alice, "what's the available credit on my credit card?"), "check_balance", 0.9)

    assert reply.content == (
        f"Your **Credit Card** ({credit.masked_number}) has **{format_cents(credit.available_cents)}** "
        f"of available credit out of a £5,000.00 limit. You currently owe {format_cents(owed)}."
    )
    assert credit.available_cents == 500_000 - owed
    assert reply.actions[0]["account_id"] == credit.id


@pytest.mark.usefixtures("database")
def test_handle_customer_without_accounts_says_none() -> None:
    nobody = new_customer(with_bank=False)

    reply = accounts.handle(say(nobody, "What's my balance?"), "check_balance", 0.9)

    assert reply.content == "You don't have any accounts with us yet."
    assert reply.actions == [{"tool": "list_accounts", "accounts": 0}]
