"""The transfer-status flow: "did my 20 to bob go thru?" is answered from the statement and sends nothing; a
payment held for a check by staff is answered from its review (waiting since when, declined and why)."""

from __future__ import annotations

import time

import pytest

from bankchat.agents.types import Customer
from bankchat.bank import authenticators, payment_reviews
from bankchat.db import session_scope
from tests.agents.customers import new_customer, transfers_of
from tests.agents.dialogue_driver import Conversation
from tests.support.authenticator_app import set_up_app


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


def _held(alice: Customer, chat: Conversation | None = None, *, step: int = 0) -> tuple[Conversation, str]:
    """Alice's £6,000 to Bob, confirmed and approved with her app's code ``step`` 30 s steps from now, held for a
    check by staff: the chat and the payment's reference."""
    if chat is None:
        with session_scope() as db:
            APPS[alice.user_id] = set_up_app(db, alice.user_id)
    chat = chat or Conversation(alice)
    for text in ("send 6000 from savings to bob", "yes", "yes, I'm sure"):
        chat.say(text)
    held = chat.say(authenticators.current_code(APPS[alice.user_id], time.time() + 30 * step)).content
    assert "Nothing has been sent yet" in held
    with session_scope() as db:
        return chat, payment_reviews.customer_reviews(db, owner_id=alice.user_id)[0].reference


APPS: dict[int, str] = {}
"""Each test customer's authenticator-app secret."""


@pytest.mark.parametrize(
    "question", ["did my transfer to bob go through", "where's my payment?", "did my 6000 go thru"]
)
def test_a_held_payment_is_waiting_for_a_check_by_our_team(alice: Customer, question: str) -> None:
    chat, reference = _held(alice)
    count = transfers_of(alice)

    reply = chat.say(question)

    assert f"**£6,000.00 to Bob Brown from Savings** ({reference}) is **waiting for a check by our team** since" in (
        reply.content
    )
    assert "Nothing has been sent yet" in reply.content
    assert (reply.agent, reply.pending, transfers_of(alice)) == ("transfers", None, count)


def test_a_declined_held_payment_says_why_and_a_sent_one_went_through(alice: Customer) -> None:
    chat, reference = _held(alice)
    staff = new_customer("bob").user_id
    with session_scope() as db:
        payment_reviews.reject(db, reference=reference, staff_id=staff, note="We couldn't reach you to check it.")

    declined = chat.say("did my transfer to bob go through")

    assert "was **not sent**: our team declined it on" in declined.content
    assert "Their reason: We couldn't reach you to check it." in declined.content
    _, second = _held(alice, chat, step=1)
    with session_scope() as db:
        payment_reviews.approve(db, reference=second, staff_id=staff)
    assert chat.say("did my 6000 to bob go thru").content.startswith("Yes, it went through: **£6,000.00**")
