"""One company's refunds ("has amazon refunded me"), checked against the ledger rows themselves."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bankchat.agents.types import Customer
from bankchat.bank.money import format_cents
from bankchat.models import LedgerEntry
from tests.agents.customers import migrated_database, new_customer, statement_rows, table_rows
from tests.agents.dialogue_driver import Conversation


@pytest.fixture(scope="module")
def alice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Customer]:
    """A customer with alice's demo bank, on a database of this module's own."""
    with migrated_database(tmp_path_factory.mktemp("merchant-refunds") / "x.db"):
        yield new_customer("alice")


@pytest.fixture(scope="module")
def rows(alice: Customer) -> list[LedgerEntry]:
    """Every statement line of the customer, newest first."""
    return statement_rows(alice)


@pytest.mark.parametrize("asked", ["has {} refunded me", "did {} give me my money back", "any refund from {}?"])
def test_refunds_from_a_company_are_its_refunds_only(alice: Customer, rows: list[LedgerEntry], asked: str) -> None:
    merchant = next(r.merchant for r in rows if r.category == "refund")
    refunds = [r for r in rows if r.category == "refund" and r.merchant == merchant]

    reply = Conversation(alice).say(asked.format(merchant.lower()))

    assert reply.intent == "search_transactions"
    assert [cells[1:4] for cells in table_rows(reply.content)] == [
        [merchant, "refund", format_cents(r.amount_cents)] for r in refunds
    ]
    assert f"**{merchant}** refunded you" in reply.content
    assert "In total you paid" not in reply.content
    for refund in refunds:  # each beside the earlier payment of the same amount
        paid = next(
            r
            for r in rows
            if r.merchant == merchant and r.amount_cents == -refund.amount_cents and r.value_date <= refund.value_date
        )
        assert f"your payment of {format_cents(refund.amount_cents)} on {paid.value_date:%d %b %Y}" in reply.content


def test_no_refund_from_a_company_says_so_with_its_latest_payments(alice: Customer, rows: list[LedgerEntry]) -> None:
    latest = next(r for r in rows if r.merchant == "Netflix")

    reply = Conversation(alice).say("has netflix refunded me")

    assert reply.content.startswith("I can't see any refund from **Netflix**.")
    assert f"- {latest.value_date:%d %b %Y}: {format_cents(-latest.amount_cents)}" in reply.content
    assert "**my refund hasn't shown up**" in reply.content
    assert reply.actions[0]["found"] == 0


def test_a_companys_transactions_without_refund_words_are_still_all_listed(alice: Customer) -> None:
    reply = Conversation(alice).say("show my amazon transactions")

    assert "In total you paid" in reply.content
