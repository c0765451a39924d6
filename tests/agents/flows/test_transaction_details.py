"""The transaction-details flow: one statement line, picked from a list ("the 2nd one")."""

from __future__ import annotations

import pytest

from bankchat.agents.flows.transaction_details import UNRECOGNISED
from bankchat.agents.flows.values import TransactionRef, to_json
from bankchat.agents.types import Customer, Reply, Subject
from bankchat.agents.understanding.commands import StartFlow
from bankchat.bank import ledger
from bankchat.bank.money import format_cents
from bankchat.db import session_scope
from tests.agents.customers import new_customer
from tests.agents.flows.steps import run


@pytest.fixture(scope="module")
def alice(database: None) -> Customer:
    return new_customer("alice")


@pytest.fixture(scope="module")
def bob(database: None) -> Customer:
    return new_customer("bob")


def _latest_payment(customer: Customer) -> ledger.TransactionView:
    with session_scope() as db:
        return ledger.search_transactions(db=db, owner_id=customer.user_id, direction="out", limit=1).items[0]


def _pick(customer: Customer, entry_id: int | None) -> Reply:
    slots = {} if entry_id is None else {"transaction": to_json(TransactionRef(entry_id))}
    return run(customer, StartFlow("transaction_details", "", inherit=Subject("transaction_details", slots)))


def test_a_picked_payment_shows_in_full(alice: Customer) -> None:
    line = _latest_payment(alice)
    reply = _pick(alice, line.id)
    for shown in (line.merchant or line.description, format_cents(line.amount_cents), line.public_id, line.category):
        assert shown in reply.content
    assert UNRECOGNISED in reply.content  # money out: how to report it
    assert (reply.agent, reply.pending) == ("transactions", None)
    assert reply.actions == [{"tool": "get_transaction", "transaction": line.public_id}]


def test_another_customers_line_is_not_shown(alice: Customer, bob: Customer) -> None:
    line = _latest_payment(bob)
    reply = _pick(alice, line.id)
    assert "no longer on your statement" in reply.content
    assert line.public_id not in reply.content


def test_without_a_pick_it_says_how_to_pick(alice: Customer) -> None:
    assert "the 2nd one" in _pick(alice, None).content
