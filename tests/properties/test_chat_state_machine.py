"""A hypothesis state machine over the real services: sign-in, sessions, messages, retries, transfers,
confirmations and restarts, with the invariants of docs/architecture.md
(section "Invariants") checked after every step.

Two customers with the demo bank are created for every example on one fresh SQLite
database. The machine keeps a small model (tokens, sessions, messages sent) and
compares each answer with it; the invariants read the database afresh.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlmodel import select

from bankchat.agents import AgentTeam
from bankchat.agents.dialogue import assents_to, is_yes
from bankchat.agents.flows.spec import Filled
from bankchat.agents.flows.transfer import TRANSFER
from bankchat.agents.flows.values import AccountRef, Money
from bankchat.agents.types import PendingStep
from bankchat.db import get_engine, session_scope
from bankchat.errors import InvalidInput, InvalidToken, SessionClosed, SessionNotFound
from bankchat.models import Account, Transfer, User, utcnow
from bankchat.services import ChatService, Exchange, SessionManager, UserView, auth, chat_service
from bankchat.settings import get_settings
from tests.bank.helpers import demo_customer
from tests.factories import DEFAULT_PASSWORD, fresh_database
from tests.properties import facts, model
from tests.properties.model import TALLY, Conversation, Customer, Token

MACHINE_SETTINGS = settings(
    max_examples=25,
    stateful_step_count=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


class ChatMachine(RuleBasedStateMachine):
    """Customers talking to the real ChatService and AgentTeam on a real database."""

    def __init__(self) -> None:
        super().__init__()
        self.service = ChatService(orchestrator=AgentTeam(), sessions=SessionManager())
        self.customers: list[Customer] = []
        self.tokens: list[Token] = []
        self.conversations: list[Conversation] = []
        self.messages_since_restart = 0
        TALLY.examples += 1

    # --- set-up ------------------------------------------------------------

    @initialize()
    def open_two_customers(self) -> None:
        yesterday = utcnow().date() - timedelta(days=1)  # no demo entry is booked later than now
        with session_scope() as db:
            for profile in ("alice", "bob"):
                user_id = demo_customer(db, username=profile, today=yesterday)
                accounts = {a.kind: a for a in db.exec(select(Account).where(Account.owner_id == user_id)).all()}
                username = db.get(User, user_id).username  # type: ignore[union-attr]
                self.customers.append(
                    Customer(
                        user_id=user_id,
                        username=username,
                        opening=(facts.total_balance(db, user_id), len(facts.transfers(db, user_id))),
                        savings_id=int(accounts["savings"].id),  # type: ignore[arg-type]
                    )
                )
        for who in (0, 1):
            self.login(who)
            self._open_conversation(self.tokens[-1])
        TALLY.steps -= 2  # the set-up is not a step

    # --- helpers -----------------------------------------------------------

    def _user(self, token: Token) -> UserView | None:
        """The token's user, as the API resolves it; None (after checking the 401) when it is revoked."""
        with session_scope() as db:
            if not token.live:
                with pytest.raises(InvalidToken):
                    auth.user_for_token(db=db, token=token.value)
                return None
            user = auth.user_for_token(db=db, token=token.value)
        assert user.id == self.customers[token.owner].user_id
        return user

    def _token_of(self, data: st.DataObject, owner: int) -> Token | None:
        mine = [t for t in self.tokens if t.owner == owner]
        return data.draw(st.sampled_from(mine)) if mine else None

    def _send(self, conv: Conversation, token: Token, text: str, client_id: str | None) -> Exchange | None:
        """Send one message and check the answer against the model; None when it was refused."""
        user = self._user(token)
        if user is None:
            return None
        with session_scope() as db:
            before_rows = len(facts.session_messages(db, conv.session_id))
            before_transfers = facts.transfers(db, user.id)
            pending = facts.pending_step(db, conv.session_id)
        expected = (
            "refused"
            if model.refused(text, client_id)
            else "replayed"
            if client_id in conv.sent
            else "closed"
            if conv.closed
            else "stored"
        )
        try:
            exchange = self.service.send_message(
                session_id=conv.session_id, user=user, content=text, client_message_id=client_id
            )
            outcome = "replayed" if exchange.replayed else "stored"
        except InvalidInput:
            exchange, outcome = None, "refused"
        except SessionClosed:
            exchange, outcome = None, "closed"
        except Exception as exc:
            if not model.rate_limited(exc):
                raise
            exchange, outcome = None, expected if expected in ("refused", "closed") else "rate_limited"
        with session_scope() as db:
            rows = len(facts.session_messages(db, conv.session_id))
            new_transfers = facts.transfers(db, user.id)[len(before_transfers) :]
        if outcome != "rate_limited":
            assert outcome == expected, (text, client_id, conv)
        if exchange is None or exchange.replayed:
            TALLY.refusals += exchange is None
            assert rows == before_rows, "a refused or replayed message stored something"
            assert not new_transfers, "a refused or replayed message moved money"
            if exchange is not None:
                TALLY.replays += 1
                assert (exchange.message.id, exchange.reply.id) == conv.sent[client_id or ""]
            return exchange
        TALLY.messages += 1
        self.messages_since_restart += 1
        assert exchange.message.session_id == exchange.reply.session_id == conv.session_id
        assert rows == before_rows + 2
        assert exchange.message.content == text.replace("\x00", "").strip()
        if client_id is not None:
            conv.sent[client_id] = (exchange.message.id, exchange.reply.id)
        self._check_money_step(pending, new_transfers, text)
        return exchange

    def _check_money_step(self, pending: PendingStep | None, new_transfers: list[Transfer], text: str) -> None:
        """At most one transfer per message, and only the one the customer was asked to confirm."""
        assert len(new_transfers) <= 1, new_transfers
        if not new_transfers:
            return
        TALLY.transfers += 1
        done = new_transfers[0]
        assert pending is not None
        assert pending.stage == "confirm", pending
        assert is_yes(text) or assents_to(text, TRANSFER.assent), f"{text!r} executed a transfer without a clear yes"
        slots = Filled.from_json(pending.slots, TRANSFER.slots)
        amount, source, target = slots.get("amount", Money), slots.get("source", AccountRef), slots.values["target"]
        assert done.idempotency_key == pending.key
        assert amount is not None
        assert done.amount_cents == amount.cents
        assert source is not None
        assert done.source_account_id == source.id
        assert (done.target_account_id if isinstance(target, AccountRef) else done.payee_id) == target.id

    # --- rules -------------------------------------------------------------

    @rule(who=st.integers(0, 1))
    def login(self, who: int) -> None:
        TALLY.steps += 1
        try:
            with session_scope() as db:
                result = auth.login(db=db, username=self.customers[who].username, password=DEFAULT_PASSWORD)
        except Exception as exc:
            if not model.rate_limited(exc):
                raise
            return
        assert result.user.id == self.customers[who].user_id
        assert all(result.token != t.value for t in self.tokens)
        self.tokens.append(Token(result.token, who))

    @precondition(lambda self: sum(t.live for t in self.tokens) > 2)
    @rule(data=st.data())
    def logout(self, data: st.DataObject) -> None:
        """Sign one token out; from then on it is refused wherever it is used."""
        TALLY.steps += 1
        token = data.draw(st.sampled_from([t for t in self.tokens if t.live]))
        with session_scope() as db:
            auth.revoke_token(db=db, token=token.value)
        token.live = False
        self._user(token)  # now a 401

    @precondition(lambda self: bool(self.tokens))
    @rule(data=st.data())
    def new_session(self, data: st.DataObject) -> None:
        TALLY.steps += 1
        self._open_conversation(data.draw(st.sampled_from(self.tokens)))

    def _open_conversation(self, token: Token) -> None:
        user = self._user(token)
        if user is None:
            return
        try:
            with session_scope() as db:
                view = self.service.start_conversation(db=db, user=user)
        except Exception as exc:
            if not model.rate_limited(exc):
                raise
            return
        assert view.user_id == user.id
        assert view.status == "active"
        self.conversations.append(Conversation(view.session_id, token.owner))

    @precondition(lambda self: bool(self.conversations))
    @rule(data=st.data(), text=model.phrases, client_id=model.client_ids)
    def send_message(self, data: st.DataObject, text: str, client_id: str | None) -> None:
        self._send_any(data, text, client_id)

    @precondition(lambda self: bool(self.conversations))
    @rule(data=st.data(), text=model.unicode_texts, client_id=model.client_ids)
    def send_unicode(self, data: st.DataObject, text: str, client_id: str | None) -> None:
        self._send_any(data, text, client_id)

    def _send_any(self, data: st.DataObject, text: str, client_id: str | None) -> None:
        TALLY.steps += 1
        conv = data.draw(st.sampled_from(self.conversations))
        token = self._token_of(data, conv.owner)
        if token is not None:
            self._send(conv, token, text, client_id)

    @precondition(lambda self: any(c.sent for c in self.conversations))
    @rule(data=st.data(), text=st.sampled_from(["yes", "send 50 to savings", "hello again"]))
    def retry(self, data: st.DataObject, text: str) -> None:
        """The client resends a client message ID (a lost answer, a double click): whatever the text now
        says, the stored exchange comes back and nothing runs again."""
        TALLY.steps += 1
        conv = data.draw(st.sampled_from([c for c in self.conversations if c.sent]))
        client_id = data.draw(st.sampled_from(sorted(conv.sent)))
        token = self._token_of(data, conv.owner)
        if token is not None:
            self._send(conv, token, text, client_id)

    @precondition(lambda self: any(not c.closed for c in self.conversations))
    @rule(data=st.data(), pounds=st.integers(1, 300), resend_yes=st.booleans())
    def transfer_and_confirm(self, data: st.DataObject, pounds: int, resend_yes: bool) -> None:
        """'send N to savings' → a read-back of exactly that → "yes" moves it once, and a second "yes" nothing."""
        TALLY.steps += 1
        conv = data.draw(st.sampled_from([c for c in self.conversations if not c.closed]))
        token = self._token_of(data, conv.owner)
        quote = None if token is None else self._send(conv, token, f"send {pounds} to savings", str(uuid.uuid4()))
        if token is None or quote is None:
            return
        with session_scope() as db:
            pending = facts.pending_step(db, conv.session_id)
            count = len(facts.transfers(db, self.customers[conv.owner].user_id))
        asked = "Please confirm" in quote.reply.content
        assert asked == (pending is not None and pending.stage == "confirm"), (quote.reply.content, pending)
        if not asked:
            return  # e.g. more than the balance: the agent asks again, nothing is waiting for a yes
        assert pending.slots["amount"] == {"money": pounds * 100}
        assert pending.slots["target"] == {"account": self.customers[conv.owner].savings_id}
        yes_id = str(uuid.uuid4())
        if self._send(conv, token, "yes", yes_id) is None:
            return
        again = yes_id if resend_yes else str(uuid.uuid4())
        self._send(conv, token, "yes", again)
        with session_scope() as db:
            made = facts.transfers(db, self.customers[conv.owner].user_id)[count:]
            assert facts.pending_step(db, conv.session_id) is None
        assert len(made) <= 1, made
        if made:
            assert made[0].amount_cents == pounds * 100
            assert made[0].target_account_id == self.customers[conv.owner].savings_id

    @precondition(lambda self: sum(not c.closed for c in self.conversations) > 2)
    @rule(data=st.data())
    def close_session(self, data: st.DataObject) -> None:
        TALLY.steps += 1
        conv = data.draw(st.sampled_from([c for c in self.conversations if not c.closed]))
        with session_scope() as db:
            self.service.close(db=db, session_id=conv.session_id, user_id=self.customers[conv.owner].user_id)
        conv.closed = True

    @precondition(lambda self: self.messages_since_restart >= 2)
    @rule()
    def restart(self) -> None:
        """A new process: settings re-read, fresh service and agents, new database connections."""
        TALLY.steps += 1
        TALLY.restarts += 1
        self.messages_since_restart = 0
        get_engine().dispose()
        get_settings.cache_clear()
        chat_service.cache_clear()
        self.service = ChatService(orchestrator=AgentTeam(), sessions=SessionManager())

    @precondition(lambda self: bool(self.conversations))
    @rule(data=st.data(), text=model.texts)
    def touch_foreign_session(self, data: st.DataObject, text: str) -> None:
        """The other customer, signed in, tries every door of this session: each answers SessionNotFound."""
        TALLY.steps += 1
        TALLY.foreign_attempts += 1
        text = "hi" if model.refused(text, None) else text
        conv = data.draw(st.sampled_from(self.conversations))
        intruder = UserView.of(self._user_row(1 - conv.owner))
        with session_scope() as db:
            before = facts.session_messages(db, conv.session_id)
        calls = (
            lambda db: self.service.history(db=db, session_id=conv.session_id, user_id=intruder.id),
            lambda db: self.service.get_conversation(db=db, session_id=conv.session_id, user_id=intruder.id),
            lambda db: self.service.close(db=db, session_id=conv.session_id, user_id=intruder.id),
            lambda db: self.service.rename(db=db, session_id=conv.session_id, user_id=intruder.id, title="mine"),
        )
        for call in calls:
            with pytest.raises(SessionNotFound), session_scope() as db:
                call(db)
        with pytest.raises(SessionNotFound):
            self.service.send_message(session_id=conv.session_id, user=intruder, content=text)
        with session_scope() as db:
            assert facts.session_messages(db, conv.session_id) == before
            view = self.service.get_conversation(
                db=db, session_id=conv.session_id, user_id=self.customers[conv.owner].user_id
            )
        assert view.status == ("closed" if conv.closed else "active")
        assert view.title != "mine"

    def _user_row(self, who: int) -> User:
        with session_scope() as db:
            user = db.get(User, self.customers[who].user_id)
            assert user is not None
            return user

    # --- invariants --------------------------------------------------------

    @invariant()
    def conversations_whole_and_private(self) -> None:
        with session_scope() as db:
            for conv in self.conversations:
                facts.assert_conversation_whole(db, conv.session_id)
                owner = self.customers[conv.owner].user_id
                page = self.service.history(db=db, session_id=conv.session_id, user_id=owner, limit=500)
                stored = [m.id for m in facts.session_messages(db, conv.session_id)]
                assert [m.id for m in page.messages] == stored
                assert {m.session_id for m in page.messages} <= {conv.session_id}

    @invariant()
    def money_right(self) -> None:
        with session_scope() as db:
            for who, customer in enumerate(self.customers):
                sessions = [c.session_id for c in self.conversations if c.owner == who]
                facts.assert_money_right(db, customer.user_id, customer.opening, sessions)


def test_chat_state_machine_keeps_invariants(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with fresh_database(tmp_path / "machine.db"):
        run_state_machine_as_test(ChatMachine, settings=MACHINE_SETTINGS)
    with capsys.disabled():
        print(
            f"\nstate machine: {TALLY.examples} examples, {TALLY.steps} steps, {TALLY.messages} messages, "
            f"{TALLY.replays} replays, {TALLY.transfers} transfers, {TALLY.refusals} refusals, "
            f"{TALLY.foreign_attempts} foreign-session attempts, {TALLY.restarts} restarts"
        )
