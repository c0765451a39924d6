"""The account-details flow: the customer's accounts by their last four digits, never a full number."""

from __future__ import annotations

import pytest

from bankchat.agents.flows.account_details import WHERE
from bankchat.agents.types import Customer
from tests.agents.customers import account_of, new_customer, table_rows
from tests.agents.flows.steps import start


@pytest.fixture(scope="module")
def alice(database: None) -> Customer:
    return new_customer("alice")


def test_account_details_list_each_account_by_its_last_four_digits(alice: Customer) -> None:
    checking, savings, credit = (account_of(alice, k) for k in ("checking", "savings", "credit"))

    reply = start(alice, "account_details", "whats my sort code")

    assert (reply.agent, reply.intent, reply.pending) == ("accounts", "account_details", None)
    assert table_rows(reply.content) == [
        [checking.name, "current account", checking.masked_number, "GBP"],
        [savings.name, "savings account", savings.masked_number, "GBP"],
        [credit.name, "credit card", credit.masked_number, "GBP"],
    ]
    assert reply.content.endswith(WHERE)
    assert reply.actions == [{"tool": "list_accounts", "accounts": 3, "shown": [checking.id, savings.id, credit.id]}]


def test_account_details_never_show_more_than_four_digits(alice: Customer) -> None:
    reply = start(alice, "account_details", "what's my account number")

    assert not any(len(run) > 4 for run in "".join(c if c.isdigit() else " " for c in reply.content).split())
