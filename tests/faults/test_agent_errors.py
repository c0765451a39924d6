"""The agents raising in the middle of a turn, over real HTTP: the customer's message is already stored, the
API answers a JSON error without a stack trace, and the client's retry with the same ID gets one reply.

The REST API runs in this process (uvicorn on a socket) so the orchestrator can be made to fail; the app
answers 503 ``{"detail", "code": "agents_unavailable"}`` with ``Retry-After``: the message is saved and a retry
with the same ID is safe.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from bankchat.agents import AgentTeam
from bankchat.api import app as api_app
from bankchat.api.routes import chat as chat_routes
from bankchat.db import session_scope
from bankchat.services import ChatService, SessionManager, UserView
from tests.api.helpers import assert_error, bearer, login
from tests.factories import DEFAULT_PASSWORD
from tests.faults.helpers import ApiServer, Fault, FlakyOrchestrator, messages, money, pending, replies_to
from tests.faults.tally import TALLY


class AgentsCrashed(RuntimeError):
    """What the failing orchestrator raises."""


@dataclass
class Api:
    client: httpx.Client
    fault: Fault
    token: str
    user: UserView


@pytest.fixture
def api(database: None, customer: UserView) -> Iterator[Api]:
    """The API on a real socket, its chat route served by agents that fail while ``fault`` is armed."""
    fault = Fault(times=0, error=lambda: AgentsCrashed("the agents fell over"))
    service = ChatService(orchestrator=FlakyOrchestrator(AgentTeam(), fault), sessions=SessionManager())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(chat_routes, "chat_service", lambda: service)
        # No keep-alive: after an unhandled error the server closes the connection it answered on.
        no_reuse = httpx.Limits(max_keepalive_connections=0)
        with (
            ApiServer(api_app.build_api()) as server,
            httpx.Client(base_url=server.base_url, timeout=30, limits=no_reuse) as client,
        ):
            token = login(client, customer.username, DEFAULT_PASSWORD)
            yield Api(client, fault, token, customer)


def _new_session(api: Api) -> str:
    response = api.client.post("/api/sessions", json={}, headers=bearer(api.token))
    assert response.status_code == 201, response.text
    return str(response.json()["sessionId"])


def _send(api: Api, session_id: str, content: str, cid: str, *, as_header: bool = False) -> httpx.Response:
    headers = {**bearer(api.token), "X-Session-ID": session_id}
    body: dict[str, str] = {"content": content}
    if as_header:
        headers["Idempotency-Key"] = cid
    else:
        body["clientMessageId"] = cid
    return api.client.post("/api/chat/message", json=body, headers=headers)


def _crash_once(api: Api, session_id: str, content: str, cid: str, *, as_header: bool = False) -> None:
    """Arm the fault, send, and check the answer is a retryable JSON 503 with no trace of the crash in it."""
    api.fault.remaining = 1
    response = _send(api, session_id, content, cid, as_header=as_header)
    assert api.fault.fired == 1
    body = assert_error(response, 503, "agents_unavailable")
    assert response.headers["Retry-After"] == "2"
    TALLY.server_errors += 1
    assert "Traceback" not in response.text
    assert "fell over" not in body["detail"]
    assert "AgentsCrashed" not in response.text


def _retry_gives_one_reply(api: Api, session_id: str, content: str, cid: str, *, as_header: bool = False) -> dict:
    first = _send(api, session_id, content, cid, as_header=as_header)
    assert first.status_code == 200, first.text
    again = _send(api, session_id, content, cid, as_header=as_header)
    assert again.status_code == 200, again.text
    assert again.json()["replayed"] is True
    assert again.json()["message"] == first.json()["message"]
    assert again.json()["reply"] == first.json()["reply"]
    with session_scope() as db:
        mine = [m for m in messages(db, session_id) if m.client_message_id == cid]
        TALLY.settle(expected=1, stored=len(mine), what="the customer's message")
        assert mine[0].public_id == first.json()["message"]["id"]
        TALLY.settle(expected=1, stored=replies_to(db, mine[0].id), what="replies")
    return dict(first.json())


@pytest.mark.parametrize("as_header", [False, True], ids=["clientMessageId", "Idempotency-Key"])
def test_agents_crash_keeps_message_and_retry_answers_once(api: Api, as_header: bool) -> None:
    session_id = _new_session(api)
    cid = str(uuid.uuid4())

    _crash_once(api, session_id, "what's my balance", cid, as_header=as_header)

    with session_scope() as db:
        stored = messages(db, session_id)
        assert [(m.role, m.content, m.client_message_id) for m in stored] == [("user", "what's my balance", cid)]
    history = api.client.get(f"/api/sessions/{session_id}/messages", headers=bearer(api.token))
    assert [m["role"] for m in history.json()["messages"]] == ["user"]  # kept, waiting for its answer
    exchange = _retry_gives_one_reply(api, session_id, "what's my balance", cid, as_header=as_header)
    assert exchange["reply"]["agent"] == "accounts"
    history = api.client.get(f"/api/sessions/{session_id}/messages", headers=bearer(api.token))
    assert [m["role"] for m in history.json()["messages"]] == ["user", "assistant"]


def test_agents_crash_on_confirmation_moves_nothing_and_retry_sends_once(api: Api) -> None:
    session_id = _new_session(api)
    quote = _send(api, session_id, "send 5 to savings", str(uuid.uuid4()))
    assert "Please confirm" in quote.json()["reply"]["content"]
    with session_scope() as db:
        before = money(db, api.user.id)
    cid = str(uuid.uuid4())

    _crash_once(api, session_id, "yes", cid)

    with session_scope() as db:
        assert money(db, api.user.id) == before
        step = pending(db, session_id)
        assert step is not None
        assert step.stage == "confirm"
    exchange = _retry_gives_one_reply(api, session_id, "yes", cid)
    assert "Done!" in exchange["reply"]["content"]
    with session_scope() as db:
        TALLY.settle(expected=before.transfers + 1, stored=money(db, api.user.id).transfers, what="transfers")
