"""Fault injectors and the facts the fault tests compare: failing commits, a failing orchestrator,
the API on a real socket, and snapshots of a customer's money and messages."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import timedelta

import uvicorn
from sqlalchemy import func
from sqlalchemy.exc import OperationalError
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.agents.types import Orchestrator, PendingStep, Reply, Turn
from bankchat.bank import seed_bank_demo
from bankchat.db import engine_for
from bankchat.models import Account, ConversationState, LedgerEntry, Message, Transfer, utcnow
from tests.bank.helpers import balances
from tests.factories import make_user, unique_username
from tests.faults.tally import TALLY
from tests.support.live_server import free_port

Scope = Callable[[], AbstractContextManager[Db]]


def disk_error() -> Exception:
    """What SQLite raises when the disk fails under a commit."""
    return OperationalError("COMMIT", None, sqlite3.OperationalError("disk I/O error"))


class Fault:
    """A fault that fires on the next ``times`` chances, and counts each firing in the tally."""

    def __init__(self, times: int = 1, error: Callable[[], BaseException] = disk_error) -> None:
        self.remaining = times
        self.error = error
        self.fired = 0

    def fire(self) -> None:
        """Raise if still armed."""
        if self.remaining > 0:
            self.remaining -= 1
            self.fired += 1
            TALLY.inject()
            raise self.error()


def with_failing_commit(real: Scope, fault: Fault) -> Scope:
    """A ``session_scope`` whose commit fails while ``fault`` is armed (after every flush succeeded)."""

    @contextmanager
    def scope() -> Iterator[Db]:
        with real() as db:
            commit = db.commit

            def failing_commit() -> None:
                fault.fire()
                commit()

            db.commit = failing_commit  # type: ignore[method-assign]
            yield db

    return scope


@dataclass
class FlakyOrchestrator:
    """The real team, but raising ``fault``'s error before answering while it is armed."""

    team: Orchestrator
    fault: Fault

    @property
    def streams(self) -> bool:
        return self.team.streams

    def respond(self, turn: Turn) -> Reply:
        self.fault.fire()
        return self.team.respond(turn)


@dataclass(frozen=True)
class Money:
    """A customer's money as the database has it."""

    balances: dict[int, int]
    ledger_rows: int
    transfers: int


def money(db: Db, owner_id: int) -> Money:
    """Balances, ledger rows and transfer rows of the customer, read fresh."""
    ledger = db.exec(
        select(func.count())
        .select_from(LedgerEntry)
        .join(Account, col(Account.id) == col(LedgerEntry.account_id))
        .where(Account.owner_id == owner_id)
    ).one()
    transfers = db.exec(select(func.count()).select_from(Transfer).where(Transfer.owner_id == owner_id)).one()
    return Money(balances(db, owner_id), int(ledger), int(transfers))


def messages(db: Db, session_id: str) -> list[Message]:
    """The session's messages, oldest first."""
    return list(db.exec(select(Message).where(Message.session_id == session_id).order_by(col(Message.id))).all())


def pending(db: Db, session_id: str) -> PendingStep | None:
    """The step the conversation waits on."""
    state = db.get(ConversationState, session_id)
    return PendingStep.from_json(state.pending) if state is not None else None


def replies_to(db: Db, message_id: int) -> int:
    """How many replies answer the message."""
    return int(db.exec(select(func.count()).select_from(Message).where(Message.reply_to_id == message_id)).one())


def live_customer(db_url: str, password: str) -> str:
    """A new customer with the demo bank on the live app's database (never a demo user); their username."""
    username = unique_username("faults")
    with Db(engine_for(db_url)) as db:
        user = make_user(db, username=username, display_name="Fay Faults", password=password)
        assert user.id is not None
        seed_bank_demo(db=db, user_id=user.id, username="alice", today=utcnow().date() - timedelta(days=1))
        db.commit()
    return username


class ApiServer:
    """The REST API alone, served by uvicorn on a real socket in a thread (for faults inside the process)."""

    def __init__(self, app: object) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="critical", lifespan="off")  # type: ignore[arg-type]
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ApiServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and self.thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)  # until uvicorn says it listens
        assert self.server.started, "uvicorn did not start"
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
