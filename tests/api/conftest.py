"""Fixtures for the REST API suite: a client on the live app and signed-in demo users."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest
from sqlmodel import Session as Db

from bankchat.bank import authenticators, list_payees, seed_bank_demo
from bankchat.db import engine_for
from bankchat.models import utcnow
from tests.api.helpers import bearer, login, new_session, send
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.support.authenticator_app import set_up_app
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


@pytest.fixture
def held(live_app: LiveServer, client: httpx.Client) -> tuple[str, str, str]:
    """A new customer whose £6,000.00 payment to a payee waits for staff: (token, session ID, reference)."""
    with Db(engine_for(live_app.db_url), expire_on_commit=False) as db:
        user = make_user(db, display_name="Hal Held")
        assert user.id is not None
        seed_bank_demo(db=db, user_id=user.id, username="alice", today=utcnow().date())
        payee = list_payees(db=db, owner_id=user.id)[0].name.split()[0]
        secret = set_up_app(db, user.id)
        db.commit()
    token = login(client, user.username, DEFAULT_PASSWORD)
    session = new_session(client, token)["sessionId"]
    for text in (f"send 6000 from savings to {payee}", "yes", "yes, I'm sure", authenticators.current_code(secret)):
        reply = send(client, token, session, text)
        assert reply.status_code == 200, reply.text
    content = reply.json()["reply"]["content"]
    assert "a colleague checks it" in content
    reference = content.split("reference is ")[1].rstrip(".")
    return token, session, reference


@pytest.fixture
def app_customer(live_app: LiveServer, client: httpx.Client) -> tuple[str, str, str]:
    """A fresh customer with the demo bank (Alice's payees) and an authenticator app set up over REST:
    (username, bearer token, the app's secret)."""
    with Db(engine_for(live_app.db_url), expire_on_commit=False) as db:
        user = make_user(db, display_name="Sam Standing")
        assert user.id is not None
        seed_bank_demo(db=db, user_id=user.id, username="alice", today=utcnow().date())
        db.commit()
    token = login(client, user.username, DEFAULT_PASSWORD)
    secret = client.post("/api/security/totp", headers=bearer(token)).json()["secret"]
    first = {"code": authenticators.current_code(secret, time.time() - 30)}
    assert client.post("/api/security/totp/confirm", json=first, headers=bearer(token)).status_code == 200
    return user.username, token, secret
