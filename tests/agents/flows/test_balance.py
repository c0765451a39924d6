"""The balance flow: balances from the database, one account by its words, totals of cash accounts."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bankchat.agents.types import Customer, Subject
from bankchat.bank.money import format_cents
from bankchat.db import session_scope
from bankchat.models import Account
from tests.agents.customers import account_of, new_customer, table_rows
from tests.agents.flows.steps import start


@pytest.fixture(scope="module")
def alice(database: None) -> Customer:
    """A customer with alice's demo bank (questions only: nothing here changes it)."""
    return new_customer("alice")


def test_balance_question_tables_every_account(alice: Customer) -> None:
    checking, savings, credit = (account_of(alice, k) for k in ("checking", "savings", "credit"))

    reply = start(alice, "check_balance", "What's my balance?", confidence=0.93)

    assert (reply.agent, reply.intent, reply.confidence, reply.pending) == ("accounts", "check_balance", 0.93, None)
    assert table_rows(reply.content) == [
        [a.name, a.masked_number, format_cents(a.balance_cents), format_cents(a.available_cents)]
        for a in (checking, savings, credit)
    ]
    cash = checking.balance_cents + savings.balance_cents
    assert reply.content.endswith(f"Total in checking and savings: **{format_cents(cash)}**.")


def test_balance_question_traces_accounts_shown_and_total(alice: Customer) -> None:
    checking, savings, credit = (account_of(alice, k) for k in ("checking", "savings", "credit"))

    reply = start(alice, "check_balance", "show me my account balances")

    assert reply.actions == [
        {
            "tool": "list_accounts",
            "accounts": 3,
            "shown": [checking.id, savings.id, credit.id],
            "total_cents": checking.balance_cents + savings.balance_cents,
        }
    ]
    rows = tuple(Subject("check_balance", {"accounts": {"accounts": [a.id]}}) for a in (checking, savings, credit))
    assert reply.subject == Subject("check_balance", {}, rows)  # each row, for "the 2nd one"


def test_savings_named_answers_that_account_only(alice: Customer) -> None:
    savings = account_of(alice, "savings")

    reply = start(alice, "check_balance", "how much money do I have in savings?")

    assert reply.content == (
        f"Your **Savings** ({savings.masked_number}) balance is **{format_cents(savings.balance_cents)}**."
    )
    assert reply.actions == [{"tool": "list_accounts", "accounts": 3, "account_id": savings.id}]
    assert reply.subject is not None
    assert reply.subject.slots["accounts"] == {"accounts": [savings.id]}  # what "the other one?" turns from


def test_current_account_named_adds_available_with_overdraft(alice: Customer) -> None:
    checking = account_of(alice, "checking")
    assert checking.overdraft_limit_cents == 50_000  # alice's demo overdraft, so available differs from balance

    reply = start(alice, "check_balance", "how much is in my current account")

    assert reply.content == (
        f"Your **Everyday Checking** ({checking.masked_number}) balance is "
        f"**{format_cents(checking.balance_cents)}**. "
        f"Available to spend: {format_cents(checking.balance_cents + 50_000)}."
    )


def test_credit_card_named_answers_available_credit_and_limit(alice: Customer) -> None:
    credit = account_of(alice, "credit")
    owed = max(-credit.balance_cents, 0)

    reply = start(alice, "check_balance", "what's the available credit on my credit card?")

    assert reply.content == (
        f"Your **Credit Card** ({credit.masked_number}) has **{format_cents(credit.available_cents)}** "
        f"of available credit out of a £5,000.00 limit. You currently owe {format_cents(owed)}."
    )
    assert credit.available_cents == 500_000 - owed
    assert reply.actions[0]["account_id"] == credit.id


def test_two_accounts_named_are_added_together(alice: Customer) -> None:
    checking, savings = account_of(alice, "checking"), account_of(alice, "savings")

    reply = start(alice, "check_balance", "savings and checking combined")

    assert [row[0] for row in table_rows(reply.content)] == [savings.name, checking.name]
    total = checking.balance_cents + savings.balance_cents
    assert reply.content.endswith(f"Together Savings and Everyday Checking: **{format_cents(total)}**.")


@pytest.mark.usefixtures("database")
def test_customer_without_accounts_says_none() -> None:
    nobody = new_customer(with_bank=False)

    reply = start(nobody, "check_balance", "What's my balance?")

    assert reply.content == "You don't have any accounts with us yet."
    assert reply.actions == [{"tool": "list_accounts", "accounts": 0}]


@pytest.mark.parametrize("text", ["what's my overdraft limit", "how much overdraft have i got left"])
def test_an_overdraft_question_is_answered_with_the_overdraft(alice: Customer, text: str) -> None:
    checking = account_of(alice, "checking")
    assert checking.overdraft_limit_cents > 0  # the demo bank's

    reply = start(alice, "check_balance", text)

    assert reply.content == (
        f"Your **{checking.name}** has an arranged overdraft of **{format_cents(checking.overdraft_limit_cents)}**: "
        f"you're not using any of it, so you can spend up to {format_cents(checking.available_cents)}."
    )
    assert reply.actions[0]["asked"] == "overdraft"


def test_no_overdraft_says_so(database: None) -> None:
    customer = new_customer("alice")
    with session_scope() as db:
        for account in db.exec(select(Account).where(Account.owner_id == customer.user_id)).all():
            account.overdraft_limit_cents = 0
            db.add(account)

    reply = start(customer, "check_balance", "whats my overdraft")

    assert reply.content.startswith("You don't have an arranged overdraft with us.")


@pytest.mark.parametrize(
    "text",
    ["whats bobs balance", "what's Bob's account balance", "how much money is in bob's account", "what about bob"],
)
def test_a_payees_balance_is_refused(alice: Customer, text: str) -> None:
    reply = start(alice, "check_balance", text)

    assert reply.content.startswith(
        "I can only show the balances of your own accounts, so I can't tell you Bob Brown's."
    )
    assert "£" not in reply.content


@pytest.mark.parametrize("text", ["whats my savings account balance", "what's the balance", "whats account balance"])
def test_own_balances_named_any_way_are_shown(alice: Customer, text: str) -> None:
    assert "I can only show" not in start(alice, "check_balance", text).content


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("what was my balance last month", "at the end of **28 February 2025**"),
        ("balance on 1 march", "at the end of **1 March 2025**"),
        ("what was my balance at the start of the month", "at the start of **1 March 2025**"),
    ],
)
def test_a_past_balance_is_summed_from_the_statement_before_it(alice: Customer, text: str, when: str) -> None:
    reply = start(alice, "check_balance", text)

    assert reply.content.startswith(f"Your balances {when}:")
    assert "Available" not in reply.content  # no past available figure is claimed
    assert "Say **my balance** for today's." in reply.content
    assert reply.actions[0]["asked"] == "past_balance"


def test_todays_balance_says_nothing_of_the_past(alice: Customer) -> None:
    assert "Your balances at" not in start(alice, "check_balance", "whats my balance today").content


def test_raising_the_credit_limit_is_the_teams(alice: Customer) -> None:
    reply = start(alice, "check_balance", "can i increase my credit limit")
    assert reply.content.endswith(
        "Changing the credit limit is done by our team, not in this chat: say **talk to a person**."
    )
    assert "our team" not in start(alice, "check_balance", "whats my credit limit").content
