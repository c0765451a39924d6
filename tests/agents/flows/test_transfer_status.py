"""The transfer-status flow: "did my 20 to bob go thru?" is answered from the statement and sends nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bankchat.agents.types import Customer
from tests.agents.customers import migrated_database, new_customer, transfers_of
from tests.agents.dialogue_driver import Conversation


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A database of this module's own, the configured one meanwhile."""
    with migrated_database(tmp_path_factory.mktemp("transfer-status-flow") / "x.db"):
        yield


@pytest.fixture
def alice(database: None) -> Customer:
    return new_customer("alice")


def _sent(chat: Conversation, text: str) -> None:
    assert chat.say(text).pending is not None
    assert chat.say("yes").content.startswith("Done!")


def test_a_sent_transfer_is_found_and_nothing_is_sent_again(alice: Customer) -> None:
    chat = Conversation(alice)
    _sent(chat, "send bob 20")
    count = transfers_of(alice)

    reply = chat.say("did my 20 to bob go thru")

    assert reply.content.startswith("Yes, it went through: **£20.00**")
    assert "Bob Brown" in reply.content
    assert "within two hours" in reply.content
    assert (reply.agent, reply.pending, transfers_of(alice)) == ("transfers", None, count)
    assert chat.say("has it arrived?").content.startswith("Yes, it went through")  # a follow-up


def test_between_own_accounts_it_arrived_at_once(alice: Customer) -> None:
    chat = Conversation(alice)
    _sent(chat, "move 50 to savings")

    reply = chat.say("has the 50 gone through?")

    assert "**£50.00**" in reply.content
    assert "Savings" in reply.content
    assert "at the same moment" in reply.content


def test_none_found_says_so_and_offers_to_send_without_sending(alice: Customer) -> None:
    chat = Conversation(alice)
    count = transfers_of(alice)

    reply = chat.say("did my 20 to bob go thru")

    assert "I can't find a transfer of £20.00 to Bob Brown" in reply.content
    assert "**send £20.00 to Bob Brown**" in reply.content
    assert (reply.pending, transfers_of(alice)) == (None, count)


def test_asked_while_another_transfer_waits_it_answers_and_keeps_the_waiting_one(alice: Customer) -> None:
    chat = Conversation(alice)
    waiting = chat.say("send bob 25").pending

    reply = chat.say("did my 20 to bob go thru")

    assert "I can't find a transfer of £20.00" in reply.content
    assert "£25.00 to Bob Brown is still waiting" in reply.content
    assert reply.pending == waiting
