"""Money in from one of the customer's payees ("did bob send me anything"), and asked again about "it"."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlmodel import col, select

from bankchat.agents.types import Customer, Subject
from bankchat.agents.understanding.commands import StartFlow
from bankchat.db import session_scope
from bankchat.models import Account, LedgerEntry
from tests.agents.customers import SEED_DAY, migrated_database, new_customer
from tests.agents.flows.steps import commands_for, run, start


@pytest.fixture(scope="module")
def alice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Customer]:
    """Alice's demo bank, plus £25.00 from Bob Brown (one of her payees) into checking on 10 March."""
    with migrated_database(tmp_path_factory.mktemp("money-in-flow") / "x.db"):
        customer = new_customer("alice")
        with session_scope() as db:
            checking = db.exec(
                select(Account).where(col(Account.owner_id) == customer.user_id, col(Account.kind) == "checking")
            ).one()
            booked = datetime(2025, 3, 10, 12, tzinfo=UTC)
            db.add(
                LedgerEntry(
                    account_id=checking.id,
                    booked_at=booked,
                    value_date=booked.date(),
                    merchant="Bob Brown",
                    category="transfer",
                    description="Bob Brown: pizza",
                    amount_cents=2_500,
                    balance_after_cents=checking.balance_cents + 2_500,
                )
            )
        yield customer


def test_money_from_a_payee_is_what_came_from_them(alice: Customer) -> None:
    reply = start(alice, "money_in", "did bob send me anything")

    assert reply.content.startswith("Money from Bob Brown paid in over the last 90 days: 1 payment, **£25.00** in all.")
    assert "own accounts" not in reply.content


def test_paid_me_back_by_a_payee_is_no_salary(alice: Customer) -> None:
    reply = start(alice, "money_in", "has priya paid me back")

    assert reply.content == "I found no money from Priya Shah paid in over the last 90 days."


@pytest.mark.parametrize("text", ["did bob send me anything", "has bob paid me back", "how much did bob send me"])
def test_money_from_someone_is_money_in(alice: Customer, text: str) -> None:
    commands = commands_for(alice, text)
    assert len(commands) == 1
    assert isinstance(commands[0], StartFlow)
    assert commands[0].flow == "money_in"


def test_it_after_the_latest_salary_is_the_salary_again(alice: Customer) -> None:
    last = Subject("money_in", {"category": "salary"})

    reply = run(alice, StartFlow("money_in", "how much was it", refers=last), text="how much was it", today=SEED_DAY)

    assert reply.content.startswith("Your latest salary: **")
