"""Fixtures the agents' tests share: a database of each test module's own, and alice, a new demo customer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bankchat.agents.types import Customer
from tests.agents.customers import migrated_database, new_customer


@pytest.fixture(scope="module")
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A database of the test module's own, the configured one meanwhile."""
    name = request.module.__name__.rpartition(".")[2]
    with migrated_database(tmp_path_factory.mktemp(name) / "x.db"):
        yield


@pytest.fixture
def alice(database: None) -> Customer:
    """A new customer with alice's demo bank (3 accounts, 2 cards, 3 payees) for each test; a module that needs
    more of her declares its own."""
    return new_customer("alice")
