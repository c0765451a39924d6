"""The statement flow: a month of one account summed up, with signed links to its PDF and CSV."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from bankchat.agents.flows.statements import NOT_A_MONTH
from bankchat.agents.types import Customer
from bankchat.bank.money import format_cents
from bankchat.bank.statement_links import check_signature
from bankchat.bank.statements import Statement, build_statement
from bankchat.db import session_scope
from tests.agents.customers import SEED_DAY, account_of, new_customer, table_rows, transfers_of
from tests.agents.dialogue_driver import Conversation

LINK = re.compile(
    r"\[(PDF|CSV)\]\((/api/statements/(\d+)/(\d{4})-(\d{2})\.(pdf|csv)\?expires=(\d+)&signature=([\w-]+))\)"
)


@pytest.fixture(scope="module")
def alice(database: None) -> Customer:
    return new_customer("alice")


def _statement(customer: Customer, kind: str, month: date) -> Statement:
    account = account_of(customer, kind)
    with session_scope() as db:
        return build_statement(db=db, owner_id=customer.user_id, account_id=account.id, month=month, today=SEED_DAY)


def _says_summary(content: str, statement: Statement) -> None:
    rows = table_rows(content)
    assert rows[0] == ["Opening balance", format_cents(statement.opening_cents)]
    assert rows[1][1] == format_cents(statement.money_in_cents)
    assert rows[2][1] == format_cents(statement.money_out_cents)
    assert rows[3][1] == format_cents(statement.closing_cents)


def _links(content: str, customer: Customer) -> dict[str, tuple[int, str]]:
    """``{"pdf": (account, "2025-02")}`` for each link, each checked as the route checks it."""
    found = {}
    for label, _path, account, year, month, fmt, expires, signature in LINK.findall(content):
        assert label.lower() == fmt
        check_signature(
            owner_id=customer.user_id, account_id=int(account), month=date(int(year), int(month), 1),
            fmt=fmt, expires=int(expires), signature=signature, now=datetime.now(UTC),
        )  # fmt: skip
        found[fmt] = (int(account), f"{year}-{month}")
    return found


def test_statement_pls_uses_main_account_and_last_full_month_and_says_so(alice: Customer) -> None:
    transfers = transfers_of(alice)
    reply = Conversation(alice).say("statement pls")

    checking = account_of(alice, "checking")
    assert (reply.agent, reply.intent, reply.pending) == ("accounts", "statement", None)
    assert "**Everyday Checking**" in reply.content
    assert "**February 2025**" in reply.content
    assert "(your main account; your last full month)" in reply.content
    _says_summary(reply.content, _statement(alice, "checking", date(2025, 2, 1)))
    assert _links(reply.content, alice) == {"pdf": (checking.id, "2025-02"), "csv": (checking.id, "2025-02")}
    assert transfers_of(alice) == transfers  # a statement changes nothing


def test_statement_for_a_named_month(alice: Customer) -> None:
    reply = Conversation(alice).say("can i get my statement for january")

    assert "statement for **January 2025**" in reply.content
    assert "last full month" not in reply.content
    _says_summary(reply.content, _statement(alice, "checking", date(2025, 1, 1)))


def test_last_months_savings_statement(alice: Customer) -> None:
    reply = Conversation(alice).say("download last month's savings statement")

    savings = account_of(alice, "savings")
    assert "**Savings**" in reply.content
    assert "**February 2025**" in reply.content
    _says_summary(reply.content, _statement(alice, "savings", date(2025, 2, 1)))
    assert _links(reply.content, alice)["csv"] == (savings.id, "2025-02")


def test_this_months_statement_closes_on_the_balance_now(alice: Customer) -> None:
    reply = Conversation(alice).say("credit card statement for this month")

    credit = account_of(alice, "credit")
    assert "statement for **March 2025** to date" in reply.content
    assert table_rows(reply.content)[3] == ["Closing balance so far", format_cents(credit.balance_cents)]


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("statement for next month", "There is no statement for April 2025 yet"),
        ("can i have my statement for june 2031", "There is no statement for June 2031 yet"),
        ("statement for sept 2030", "There is no statement for September 2030 yet"),
        ("statement for october", "There is no statement for October 2024: this account's statements start in"),
        ("my statement for 2025-13", NOT_A_MONTH),
        ("statement for account ending 0000", "You don't have an account ending 0000"),
    ],
)
def test_month_without_statement_is_answered_and_offers_no_link(alice: Customer, text: str, answer: str) -> None:
    reply = Conversation(alice).say(text)

    assert answer in reply.content
    assert "/api/statements/" not in reply.content
    assert reply.actions[0]["step"] == "refused"


def test_follow_up_asks_same_for_another_month(alice: Customer) -> None:
    chat = Conversation(alice)
    chat.say("download last month's savings statement")

    reply = chat.say("and for january?")

    assert "**Savings**" in reply.content
    assert "**January 2025**" in reply.content


def test_month_said_with_its_year(alice: Customer) -> None:
    reply = Conversation(alice).say("statement for dec. 2024")

    assert "statement for **December 2024**" in reply.content
    _says_summary(reply.content, _statement(alice, "checking", date(2024, 12, 1)))


def test_account_named_by_its_last_four_digits(alice: Customer) -> None:
    savings = account_of(alice, "savings")

    reply = Conversation(alice).say(f"statement for account ending {savings.masked_number[-4:]} last month")

    assert "**Savings**" in reply.content
    assert "**February 2025**" in reply.content
