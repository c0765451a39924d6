"""The standing-order flow: a repeating payment is explained, never sent as a one-off."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bankchat.agents.types import Customer
from tests.agents.customers import migrated_database, new_customer, transfers_of
from tests.agents.dialogue_driver import Conversation


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A database of this module's own, the configured one meanwhile."""
    with migrated_database(tmp_path_factory.mktemp("standing-order-flow") / "x.db"):
        yield


@pytest.fixture
def alice(database: None) -> Customer:
    return new_customer("alice")


def test_a_standing_order_names_what_was_asked_and_sends_nothing(alice: Customer) -> None:
    count = transfers_of(alice)

    reply = Conversation(alice).say("set up a standing order to my landlord for 900 a month")

    assert (reply.agent, reply.intent, reply.pending) == ("transfers", "standing_order", None)
    assert "a standing order (£900.00 to Landlord - Oak Estates)" in reply.content
    assert "say **pay landlord 900**" in reply.content
    assert transfers_of(alice) == count


def test_without_amount_or_payee_it_offers_a_transfer(alice: Customer) -> None:
    reply = Conversation(alice).say("show my standing orders")

    assert reply.intent == "standing_order"
    assert "I can't set up, change or cancel a standing order in chat yet" in reply.content
    assert "say **make a transfer**" in reply.content


def test_the_one_off_phrase_keeps_the_pence(alice: Customer) -> None:
    reply = Conversation(alice).say("pay my landlord 900.50 every month")

    assert "say **pay landlord 900.50**" in reply.content
