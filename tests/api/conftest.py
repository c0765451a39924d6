"""Fixtures for the REST API suite: a client on the live app and signed-in demo users."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.api.helpers import login
from tests.support.live_server import LiveServer


@pytest.fixture
def client(live_app: LiveServer) -> Iterator[httpx.Client]:
    """An HTTP client on the running app (no cookies carried between tests)."""
    with httpx.Client(base_url=live_app.base_url, timeout=30) as c:
        yield c


@pytest.fixture
def alice(client: httpx.Client) -> str:
    """A fresh bearer token for the customer ``alice``."""
    return login(client, "alice")


@pytest.fixture
def bob(client: httpx.Client) -> str:
    """A fresh bearer token for the customer ``bob``."""
    return login(client, "bob")
