"""Fixtures for the fault tests: a fresh database with a demo customer, the real services; the summary line."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from bankchat.agents import AgentTeam
from bankchat.db import session_scope
from bankchat.models import User, utcnow
from bankchat.services import ChatService, SessionManager, SessionView, UserView
from tests.bank.helpers import demo_customer
from tests.factories import fresh_database
from tests.faults.tally import TALLY


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A fresh, migrated SQLite database, configured as *the* database for the module."""
    with fresh_database(Path(tmp_path_factory.mktemp("faults")) / "faults.db"):
        yield


@pytest.fixture
def customer(database: None) -> UserView:
    """A new customer with the demo bank (history up to yesterday)."""
    with session_scope() as db:
        user_id = demo_customer(db, username="alice", today=utcnow().date() - timedelta(days=1))
        return UserView.of(db.get(User, user_id))  # type: ignore[arg-type]


@pytest.fixture
def service(database: None) -> ChatService:
    """The real ChatService with the embedded agent team."""
    return ChatService(orchestrator=AgentTeam(), sessions=SessionManager())


@pytest.fixture
def conversation(service: ChatService, customer: UserView) -> SessionView:
    with session_scope() as db:
        return service.start_conversation(db=db, user=customer)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line the README quotes, printed when any fault test ran."""
    if TALLY.injected:
        terminalreporter.write_line(TALLY.summary())
