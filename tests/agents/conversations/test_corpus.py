"""Every conversation of the corpus, turn by turn, through the real ChatService, agents and a seeded database.

Each conversation starts from its own copy of one freshly seeded bank, so a card reported
lost or a transfer made in one conversation never changes what another one finds.
Conversations in ``corpus/_failing.yaml`` are known misunderstandings: validated, then skipped
(``CORPUS_RUN_FAILING=1`` runs them).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import Session as Db
from sqlmodel import select

from bankchat.agents import AgentTeam
from bankchat.agents.flows import BY_NAME
from bankchat.bank import authenticators
from bankchat.bank.card_bill import minimum_payment
from bankchat.bank.payees import list_payees
from bankchat.bank.standing_orders import list_standing_orders
from bankchat.db import engine_for, session_scope
from bankchat.models import ConversationState, Dispute, Handoff, User
from bankchat.services import ChatService, SessionManager, UserView
from bankchat.services.seed import seed_demo_data
from bankchat.services.views import MessageView
from tests.agents.conversations import facts
from tests.agents.conversations.schema import (
    NOTHING_WAITING,
    Case,
    Effect,
    TransferEffect,
    TurnSpec,
    load_corpus,
)
from tests.factories import fresh_database, settings_env
from tests.support.authenticator_app import set_up_app

CORPUS = load_corpus(Path(__file__).parent / "corpus")


@pytest.fixture(scope="module")
def seeded_bank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database with the demo users and their bank, copied for each conversation."""
    folder = tmp_path_factory.mktemp("corpus")
    with fresh_database(folder / "seeding.db") as engine:
        seed_demo_data()
        engine.dispose()
        template = folder / "seeded.db"
        with sqlite3.connect(folder / "seeding.db") as source, sqlite3.connect(template) as target:
            source.backup(target)
    return template


@pytest.fixture
def bank(seeded_bank: Path, tmp_path: Path) -> Iterator[None]:
    """A copy of the seeded bank, configured as *the* database for one conversation."""
    path = tmp_path / "bank.db"
    shutil.copyfile(seeded_bank, path)
    url = f"sqlite:///{path}"
    with settings_env(REFLEX_DB_URL=url):
        yield
    engine_for(url).dispose()


@pytest.fixture(scope="module")
def service() -> ChatService:
    return ChatService(orchestrator=AgentTeam(), sessions=SessionManager())


@dataclass(frozen=True)
class Snapshot:
    """What a turn's effect is measured against."""

    transfers: int
    debit: str
    credit: str
    handoffs: int
    credit_owed: int
    payees: tuple[tuple[str, str], ...]
    """The listed payees' names and nicknames."""
    standing_orders: int
    """Active ones."""
    disputes: int = 0


def _snapshot(db: Db, owner: int, session_id: str) -> Snapshot:
    handoffs = db.exec(select(Handoff).where(Handoff.session_id == session_id)).all()
    return Snapshot(
        transfers=len(facts.transfers(db, owner)),
        debit=facts.card_status(db, owner, "debit"),
        credit=facts.card_status(db, owner, "credit"),
        handoffs=len(handoffs),
        credit_owed=facts.credit_owed(db, owner),
        payees=tuple((p.name, p.nickname) for p in list_payees(db=db, owner_id=owner)),
        standing_orders=len(list_standing_orders(db=db, owner_id=owner)),
        disputes=len(db.exec(select(Dispute.id).where(Dispute.owner_id == owner)).all()),
    )


def _user(db: Db, username: str) -> UserView:
    return UserView.of(db.exec(select(User).where(User.username == username)).one())


def _flows(reply: MessageView) -> set[str]:
    """The flows a reply ran: asked for, read back, acted on, cancelled or held."""
    trace = reply.trace
    named = {reply.intent or ""}
    named |= {str(a.get("tool", "")) for a in trace.get("actions", []) if isinstance(a, dict)}
    subject = trace.get("subject")
    if isinstance(subject, dict):
        named.add(str(subject.get("flow", "")))
    return named & set(BY_NAME)


def _waiting(db: Db, session_id: str) -> str:
    state = db.get(ConversationState, session_id)
    pending = state.pending if state is not None else None
    return str(pending["flow"]) if isinstance(pending, dict) else NOTHING_WAITING


RUN_FAILING = os.environ.get("CORPUS_RUN_FAILING") == "1"
"""``CORPUS_RUN_FAILING=1`` runs the known misunderstandings too (to see which a fix has mended)."""
SKIP = pytest.mark.skip(reason="known misunderstanding, see corpus/_failing.yaml")


@pytest.mark.parametrize(
    "case",
    [pytest.param(c, marks=SKIP) if c.failing and not RUN_FAILING else c for c in CORPUS],
    ids=[c.id for c in CORPUS],
)
def test_conversation(case: Case, bank: None, service: ChatService) -> None:
    with session_scope() as db:
        user = _user(db, case.conversation.user)
        conversation = service.start_conversation(db=db, user=user)
    session_id = conversation.session_id
    codes = _app_codes(user.id) if case.conversation.authenticator == "app" else iter(())
    for number, turn in enumerate(case.conversation.turns, start=1):
        with session_scope() as db:
            before = _snapshot(db, user.id, session_id)
        says = turn.says.replace(APP_CODE, next(codes)) if APP_CODE in turn.says else turn.says
        exchange = service.send_message(session_id=session_id, user=user, content=says)
        reply = exchange.reply
        assert reply is not None
        where = (
            f"turn {number} {turn.says!r} → [{reply.agent}/{reply.intent} {reply.confidence or 0:.2f}"
            f" flows={sorted(_flows(reply))}] {reply.content!r}"
        )
        _check_reply(turn, reply, where)
        with session_scope() as db:
            for spec in turn.facts:
                expected = spec.build()(db, user.id)
                if spec.present:
                    assert expected in reply.content, f"{where}\nmissing fact: {expected!r}"
                else:
                    assert expected not in reply.content, f"{where}\nshould not say: {expected!r}"
            if turn.waiting is not None:
                waiting = _waiting(db, session_id)
                assert waiting == turn.waiting, f"{where}\nwaiting: {waiting!r}, expected {turn.waiting!r}"
            after = _snapshot(db, user.id, session_id)
            for effect in turn.effect:
                _check_effect(db, user.id, effect, before, after, where)


APP_CODE = "{app code}"
"""In a turn's words: the current code of the customer's authenticator app."""


def _app_codes(owner: int) -> Iterator[str]:
    """An authenticator app set up for ``owner`` now (its first code used), then its codes: now, then 30 s on
    (a code is accepted once, and one step either side of now)."""
    with session_scope() as db:
        secret = set_up_app(db, owner)
    return (authenticators.current_code(secret, time.time() + 30 * step) for step in range(3))


def _check_reply(turn: TurnSpec, reply: MessageView, where: str) -> None:
    if turn.agent is not None:
        assert reply.agent == turn.agent, f"{where}\nagent: {reply.agent!r}, expected {turn.agent!r}"
    if turn.flow is not None:
        assert turn.flow in _flows(reply), f"{where}\nflow {turn.flow!r} did not run"


def _check_effect(db: Db, owner: int, effect: Effect, before: Snapshot, after: Snapshot, where: str) -> None:
    made = after.transfers - before.transfers
    if isinstance(effect, TransferEffect):
        assert made == 1, f"{where}\n{made} transfers made, expected 1"
        _check_transfer(db, owner, effect, where)
    elif effect == "transfer":
        assert made == 1, f"{where}\n{made} transfers made, expected 1"
    elif effect == "no_transfer":
        assert made == 0, f"{where}\n{made} transfers made, expected none"
    elif effect in ("card_paid_in_full", "card_paid_minimum"):
        _check_card_payment(db, owner, effect, before, made, where)
    elif effect.startswith(("card_", "credit_card_")):
        status = after.credit if effect.startswith("credit_") else after.debit
        expected = effect.rsplit("_", 1)[1]
        assert status == expected, f"{where}\n{effect}: the card is {status!r}"
    elif effect.startswith("payee_"):
        _check_payees(effect, before, after, where)
    elif effect in ("standing_order", "standing_order_cancelled", "no_standing_order"):
        change = after.standing_orders - before.standing_orders
        wanted = {"standing_order": 1, "standing_order_cancelled": -1, "no_standing_order": 0}[effect]
        assert change == wanted, f"{where}\nactive standing orders changed by {change}, expected {wanted}"
    elif effect == "handoff":
        assert after.handoffs == 1, f"{where}\n{after.handoffs} hand-offs queued, expected 1"
    elif effect == "no_handoff":
        assert after.handoffs == before.handoffs, f"{where}\na hand-off was queued"
    elif effect in ("dispute", "no_dispute"):
        opened = after.disputes - before.disputes
        assert opened == (effect == "dispute"), f"{where}\n{opened} dispute cases opened"
    else:
        assert effect == "nothing"
        assert after == before, f"{where}\nsomething changed: {before} → {after}"


def _check_payees(effect: str, before: Snapshot, after: Snapshot, where: str) -> None:
    added, gone = set(after.payees) - set(before.payees), set(before.payees) - set(after.payees)
    expected = {"payee_added": (1, 0), "payee_removed": (0, 1), "payee_renamed": (1, 1)}[effect]
    assert (len(added), len(gone)) == expected, f"{where}\n{effect}: added {added}, gone {gone}"
    assert after.transfers == before.transfers, f"{where}\na transfer was made"


def _check_card_payment(db: Db, owner: int, effect: str, before: Snapshot, made: int, where: str) -> None:
    owed = before.credit_owed
    if owed == 0:
        assert made == 0, f"{where}\nthe card owed nothing, yet {made} transfers were made"
        return
    assert made == 1, f"{where}\n{made} transfers made, expected 1"
    paid = facts.transfers(db, owner)[-1]
    expected = owed if effect == "card_paid_in_full" else minimum_payment(owed)
    assert paid.amount_cents == expected, f"{where}\npaid {paid.amount_cents} cents, expected {expected}"
    assert paid.target_account_id == facts.account_id(db, owner, "credit"), f"{where}\nnot paid into the card"


def _check_transfer(db: Db, owner: int, effect: TransferEffect, where: str) -> None:
    moved, made = effect.transfer, facts.transfers(db, owner)[-1]
    assert made.amount_cents == moved.cents, f"{where}\nmoved {made.amount_cents} cents, expected {moved.cents}"
    if moved.to in ("checking", "savings", "credit"):
        target = made.target_account_id == facts.account_id(db, owner, moved.to)
    else:
        target = made.payee_id == facts.payee_id(db, owner, moved.to)
    assert target, f"{where}\nthe money did not go to {moved.to!r}"
    if moved.source is not None:
        source = facts.account_id(db, owner, moved.source)
        assert made.source_account_id == source, f"{where}\nthe money did not come from {moved.source!r}"
    if moved.reference is not None:
        assert made.memo == moved.reference, f"{where}\nthe reference is {made.memo!r}, not {moved.reference!r}"
