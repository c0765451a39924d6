"""The database failing in the middle of a confirmed transfer: nothing moves, the customer's "yes" is kept,
and answering it again (the same client message ID, or a new "yes") sends the money exactly once."""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from bankchat.bank import _posting
from bankchat.bank import transfers as bank_transfers
from bankchat.db import session_scope
from bankchat.errors import AgentsUnavailable
from bankchat.models import Account
from bankchat.services import ChatService, Exchange, SessionView, UserView
from tests.bank.helpers import assert_ledger_explains_balances
from tests.faults.helpers import Fault, Money, messages, money, pending, replies_to, with_failing_commit
from tests.faults.tally import TALLY

POUNDS = 25
# The package's ``chat_service`` is the process-wide factory function; the module is needed here.
chat_service_module = importlib.import_module("bankchat.services.chat_service")


def _say(service: ChatService, user: UserView, conversation: SessionView, text: str, cid: str) -> Exchange:
    return service.send_message(session_id=conversation.session_id, user=user, content=text, client_message_id=cid)


def _quoted(service: ChatService, user: UserView, conversation: SessionView) -> Money:
    """Ask for the transfer and check the read-back is waiting for a yes; the money before it."""
    reply = _say(service, user, conversation, f"send {POUNDS} to savings", str(uuid.uuid4())).reply
    assert "Please confirm" in reply.content
    with session_scope() as db:
        step = pending(db, conversation.session_id)
        assert step is not None
        assert step.stage == "confirm"
        return money(db, user.id)


def _account_ids(user: UserView) -> dict[str, int]:
    with session_scope() as db:
        return {a.kind: int(a.id) for a in db.exec(select(Account).where(Account.owner_id == user.id)).all()}  # type: ignore[arg-type]


def _assert_nothing_moved_and_yes_kept(user: UserView, conversation: SessionView, before: Money, cid: str) -> None:
    with session_scope() as db:
        assert money(db, user.id) == before
        kept = [m for m in messages(db, conversation.session_id) if m.client_message_id == cid]
        TALLY.settle(expected=1, stored=len(kept), what="the customer's yes")
        assert kept[0].id is not None
        assert replies_to(db, kept[0].id) == 0
        step = pending(db, conversation.session_id)
        assert step is not None
        assert step.stage == "confirm"  # still waiting: the same key will be used again


def _assert_sent_once(user: UserView, conversation: SessionView, before: Money, *, yes_ids: list[str]) -> None:
    """Exactly one transfer of the quoted amount, every yes stored once with one reply, the ledger whole."""
    accounts = _account_ids(user)
    with session_scope() as db:
        after = money(db, user.id)
        TALLY.settle(expected=before.transfers + 1, stored=after.transfers, what="transfers")
        TALLY.settle(expected=before.ledger_rows + 2, stored=after.ledger_rows, what="ledger rows")
        assert after.balances[accounts["checking"]] == before.balances[accounts["checking"]] - POUNDS * 100
        assert after.balances[accounts["savings"]] == before.balances[accounts["savings"]] + POUNDS * 100
        assert_ledger_explains_balances(db, user.id)
        rows = messages(db, conversation.session_id)
        for cid in yes_ids:
            kept = [m for m in rows if m.client_message_id == cid]
            TALLY.settle(expected=1, stored=len(kept), what=f"message {cid}")
            assert kept[0].id is not None
            TALLY.settle(expected=1, stored=replies_to(db, kept[0].id), what=f"replies to {cid}")
        assert pending(db, conversation.session_id) is None


def _retry_twice(service: ChatService, user: UserView, conversation: SessionView, cid: str) -> Exchange:
    """The client's retry with the same ID completes the turn; one more retry only replays it."""
    first = _say(service, user, conversation, "yes", cid)
    assert "Done!" in first.reply.content
    assert not first.replayed
    again = _say(service, user, conversation, "yes", cid)
    assert again.replayed
    assert (again.message.id, again.reply.id) == (first.message.id, first.reply.id)
    return first


def test_commit_failing_on_every_attempt_moves_nothing_and_retry_sends_once(
    monkeypatch: pytest.MonkeyPatch, service: ChatService, customer: UserView, conversation: SessionView
) -> None:
    before = _quoted(service, customer, conversation)
    fault = Fault(times=3)  # submit_transfer tries three times
    monkeypatch.setattr(bank_transfers, "session_scope", with_failing_commit(bank_transfers.session_scope, fault))
    cid = str(uuid.uuid4())

    with pytest.raises(AgentsUnavailable) as failed:
        _say(service, customer, conversation, "yes", cid)
    assert isinstance(failed.value.__cause__, OperationalError)

    assert fault.fired == 3
    _assert_nothing_moved_and_yes_kept(customer, conversation, before, cid)
    _retry_twice(service, customer, conversation, cid)
    _assert_sent_once(customer, conversation, before, yes_ids=[cid])


def test_commit_failing_once_is_retried_by_the_bank_and_sends_once(
    monkeypatch: pytest.MonkeyPatch, service: ChatService, customer: UserView, conversation: SessionView
) -> None:
    before = _quoted(service, customer, conversation)
    fault = Fault(times=1)
    monkeypatch.setattr(bank_transfers, "session_scope", with_failing_commit(bank_transfers.session_scope, fault))
    cid = str(uuid.uuid4())

    reply = _say(service, customer, conversation, "yes", cid).reply

    assert fault.fired == 1
    assert "Done!" in reply.content
    _assert_sent_once(customer, conversation, before, yes_ids=[cid])


def test_ledger_insert_failing_midway_rolls_back_and_retry_sends_once(
    monkeypatch: pytest.MonkeyPatch, service: ChatService, customer: UserView, conversation: SessionView
) -> None:
    before = _quoted(service, customer, conversation)
    fault = Fault(times=1, error=lambda: RuntimeError("ledger unavailable"))
    real_post = _posting.post
    calls: list[int] = []

    def post_failing_on_the_credit_side(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:  # the debit is booked and both balances updated: fail the second ledger row
            fault.fire()
        return real_post(*args, **kwargs)

    monkeypatch.setattr(_posting, "post", post_failing_on_the_credit_side)
    cid = str(uuid.uuid4())

    with pytest.raises(AgentsUnavailable, match="Your message is saved"):
        _say(service, customer, conversation, "yes", cid)

    assert fault.fired == 1
    _assert_nothing_moved_and_yes_kept(customer, conversation, before, cid)
    _retry_twice(service, customer, conversation, cid)
    _assert_sent_once(customer, conversation, before, yes_ids=[cid])


def _fail_reply_commit_after_transfer(monkeypatch: pytest.MonkeyPatch) -> Fault:
    """Arm a failing commit for ChatService's next write once the bank has committed a transfer."""
    fault = Fault(times=0)
    real_submit: Callable[..., Any] = bank_transfers.submit_transfer

    def submit_then_arm(**kwargs: Any) -> Any:
        done = real_submit(**kwargs)
        if fault.fired == 0:  # only after the first transfer, not after its replays
            fault.remaining = 1
        return done

    monkeypatch.setattr(bank_transfers, "submit_transfer", submit_then_arm)
    monkeypatch.setattr(
        chat_service_module, "session_scope", with_failing_commit(chat_service_module.session_scope, fault)
    )
    return fault


def test_reply_commit_failing_after_transfer_retry_replays_it(
    monkeypatch: pytest.MonkeyPatch, service: ChatService, customer: UserView, conversation: SessionView
) -> None:
    before = _quoted(service, customer, conversation)
    fault = _fail_reply_commit_after_transfer(monkeypatch)
    cid = str(uuid.uuid4())

    with pytest.raises(OperationalError):
        _say(service, customer, conversation, "yes", cid)

    assert fault.fired == 1
    with session_scope() as db:
        assert money(db, customer.id).transfers == before.transfers + 1  # the bank's commit stood
        step = pending(db, conversation.session_id)
        assert step is not None  # the reply, and with it the cleared step, was rolled back
    exchange = _retry_twice(service, customer, conversation, cid)
    assert {"replayed": True}.items() <= exchange.reply.trace["actions"][0].items()
    _assert_sent_once(customer, conversation, before, yes_ids=[cid])


def test_reply_commit_failing_after_transfer_new_yes_does_not_send_twice(
    monkeypatch: pytest.MonkeyPatch, service: ChatService, customer: UserView, conversation: SessionView
) -> None:
    before = _quoted(service, customer, conversation)
    fault = _fail_reply_commit_after_transfer(monkeypatch)
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    with pytest.raises(OperationalError):
        _say(service, customer, conversation, "yes", first)
    assert fault.fired == 1

    # The customer, seeing no answer, types "yes" again instead of the app retrying...
    assert "Done!" in _say(service, customer, conversation, "yes", second).reply.content
    # ...and later the app retries the first one too.
    late = _say(service, customer, conversation, "yes", first)

    assert "nothing waiting" in late.reply.content
    _assert_sent_once(customer, conversation, before, yes_ids=[first, second])
    with session_scope() as db:
        users = [m.content for m in messages(db, conversation.session_id) if m.role == "user"]
    assert users[-2:] == ["yes", "yes"]
