"""Fixtures for the service tests: the shared unit database, users, a ChatService with a fake team."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bankchat.agents import AgentTeam
from bankchat.db import session_scope
from bankchat.migrate import upgrade_database
from bankchat.services import ChatService, SessionManager, SessionView, UserView
from tests.factories import FakeOrchestrator, make_user_view


@pytest.fixture(scope="session", autouse=True)
def _migrated_database() -> None:
    """The unit database (tests/conftest.py's temp file) at the newest schema."""
    upgrade_database()


@pytest.fixture
def user() -> UserView:
    """A fresh, committed customer."""
    with session_scope() as db:
        return make_user_view(db, display_name="Alice Anderson")


@pytest.fixture
def other_user() -> UserView:
    """A second customer, who must never see ``user``'s conversations."""
    with session_scope() as db:
        return make_user_view(db, display_name="Mallory Other")


@pytest.fixture
def staff() -> UserView:
    """A fresh, committed member of staff with the manager role (the console's services refuse anyone else)."""
    with session_scope() as db:
        return make_user_view(db, display_name="Morgan Manager", role="manager")


@pytest.fixture
def manager() -> SessionManager:
    return SessionManager()


@pytest.fixture
def fake() -> FakeOrchestrator:
    return FakeOrchestrator()


@pytest.fixture
def service(fake: FakeOrchestrator) -> ChatService:
    """A ChatService whose agents are the recording fake."""
    return ChatService(orchestrator=fake, sessions=SessionManager())


@pytest.fixture
def real_service() -> ChatService:
    """A ChatService with the real embedded agent team."""
    return ChatService(orchestrator=AgentTeam(), sessions=SessionManager())


@pytest.fixture
def conversation(service: ChatService, user: UserView) -> SessionView:
    """A committed conversation of ``user``."""
    with session_scope() as db:
        return service.start_conversation(db=db, user=user)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def auth_logs() -> Iterator[list[logging.LogRecord]]:
    """Records of ``bankchat.auth``, captured whether or not ``logs.configure`` stopped propagation."""
    logger = logging.getLogger("bankchat.auth")
    handler, old_level = _Collect(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler.records
    logger.removeHandler(handler)
    logger.setLevel(old_level)
