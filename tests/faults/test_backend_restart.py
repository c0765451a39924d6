"""The backend restarted between two messages, over real HTTP: the same bearer token works, the history is
intact, a transfer waiting for its "yes" is still waiting, and the "yes" sends it exactly once."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import func
from sqlmodel import Session as Db
from sqlmodel import select

from bankchat.db import engine_for
from bankchat.models import Transfer, User
from tests.api.helpers import bearer, login, new_session, send
from tests.factories import DEFAULT_PASSWORD
from tests.faults.helpers import live_customer
from tests.faults.tally import TALLY
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.live


@pytest.fixture
def client(live_app: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_app.base_url, timeout=30) as c:
        yield c


def _transfers(live_app: LiveServer, username: str) -> int:
    with Db(engine_for(live_app.db_url)) as db:
        user_id = db.exec(select(User.id).where(User.username == username)).one()
        return int(db.exec(select(func.count()).select_from(Transfer).where(Transfer.owner_id == user_id)).one())


def _history(client: httpx.Client, token: str, session_id: str) -> list[dict]:
    response = client.get(f"/api/sessions/{session_id}/messages", headers=bearer(token))
    assert response.status_code == 200, response.text
    return list(response.json()["messages"])


def _restart(live_app: LiveServer) -> None:
    live_app.restart()
    TALLY.inject()


def test_restart_between_messages_loses_and_doubles_nothing(live_app: LiveServer, client: httpx.Client) -> None:
    username = live_customer(live_app.db_url, DEFAULT_PASSWORD)
    token = login(client, username, DEFAULT_PASSWORD)
    session_id = new_session(client, token)["sessionId"]
    balance_id = str(uuid.uuid4())
    balance = send(client, token, session_id, "what's my balance", clientMessageId=balance_id)
    assert balance.status_code == 200, balance.text
    quote = send(client, token, session_id, "send 5 to savings", clientMessageId=str(uuid.uuid4()))
    assert quote.status_code == 200, quote.text
    assert "Please confirm" in quote.json()["reply"]["content"]
    before = _history(client, token, session_id)
    transfers = _transfers(live_app, username)  # the demo history has some

    _restart(live_app)

    # The same token, the same conversation.
    assert client.get("/api/me", headers=bearer(token)).json()["username"] == username
    after = _history(client, token, session_id)
    TALLY.settle(expected=len(before), stored=len(after), what="messages after the restart")
    assert after == before
    # A retry of a message answered before the restart gets the stored exchange.
    retry = send(client, token, session_id, "what's my balance", clientMessageId=balance_id)
    assert retry.json()["replayed"] is True
    assert (retry.json()["message"], retry.json()["reply"]) == (balance.json()["message"], balance.json()["reply"])
    # The transfer waiting for its yes is still waiting, and is sent once.
    yes_id = str(uuid.uuid4())
    done = send(client, token, session_id, "yes", clientMessageId=yes_id)
    assert done.status_code == 200, done.text
    assert "Done!" in done.json()["reply"]["content"]
    again = send(client, token, session_id, "yes", clientMessageId=yes_id)
    assert again.json()["replayed"] is True
    assert again.json()["reply"] == done.json()["reply"]
    TALLY.settle(expected=transfers + 1, stored=_transfers(live_app, username), what="transfers")
    TALLY.settle(expected=len(before) + 2, stored=len(_history(client, token, session_id)), what="messages")
