"""Fixtures for the understanding stage's unit tests: alice's demo bank and a database session to read it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import Session as Db

from bankchat.agents.types import Customer
from bankchat.db import session_scope
from tests.agents.customers import migrated_database, new_customer


@pytest.fixture(scope="module")
def alice_bank(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Customer]:
    """A customer with alice's demo bank, on a database of the module's own (the stage only reads it)."""
    with migrated_database(tmp_path_factory.mktemp("understanding") / "x.db"):
        yield new_customer("alice")


@pytest.fixture
def db(alice_bank: Customer) -> Iterator[Db]:
    """A database session on alice's bank."""
    with session_scope() as session:
        yield session
