"""A worker killed (``SIGKILL``) while customers chat: granian starts a new one; nothing is lost or doubled.

Granian as Reflex 0.10.1 starts it ends the whole backend when one worker dies;
``bankchat/workers.py`` (applied by ``rxconfig.py``) makes it respawn the worker instead.
Four customers' conversations chat over the REST API, two on each worker, each message
with a client message ID; one worker is killed mid-stream. The clients on it see their
connection drop and send the same message again (same ID) on a new connection, as a real
client would. Afterwards: the backend never stopped, the other worker served its clients
without a single failure, two workers run again (one of them new) and the new one answers
both the API and the websocket, and every conversation's history holds each message once,
in order, each answered once.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil
import pytest

from tests.api.helpers import bearer, client_id, login, new_session, send
from tests.scaleout.conftest import WORKERS
from tests.scaleout.helpers import hydrate_over_websocket, worker_client
from tests.support.fake_llm import FakeLLM
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.scaleout

CUSTOMERS = ("alice", "bob")
CONVERSATIONS_PER_WORKER = 2
MESSAGES_BEFORE_KILL = 2
"""Each conversation has had this many answers when the kill comes, and is still sending: the kill lands mid-stream."""
HEADROOM = 10
"""How many more answers each conversation may have, from the kill until the new worker serves."""
MESSAGES_AFTER_RESPAWN = 2
"""Then every conversation has this many more: the chat goes on across the respawn."""
RESPAWN_WAIT_S = 120
EXPECTED_ERROR = "Unexpected exit from worker-"
"""Granian's log line for the killed worker: the only error this test allows in the app's log."""


@pytest.fixture(scope="module")
def respawning_app(postgres_url: str, redis_url: str, tmp_root: Path, fake_llm: FakeLLM) -> Iterator[LiveServer]:
    """The scale-out app (conftest's ``scaleout_app``), whose log may show the one worker this test kills."""
    env = {"BANKCHAT_LLM_BASE_URL": fake_llm.base_url, "BANKCHAT_LLM_RETRIES": "0", "BANKCHAT_LLM_MODEL": "fake"}
    log_path = tmp_root / "test_worker_respawn-app.log"
    server = LiveServer(db_url=postgres_url, log_path=log_path, env=env, workers=WORKERS, redis_url=redis_url)
    server.start()
    yield server
    server.stop()
    errors = [line for line in server.server_errors() if EXPECTED_ERROR not in line]
    assert not errors, f"the app logged unhandled errors (see {log_path}):\n" + "\n".join(errors[:10])


class Pace:
    """How many answers every conversation may have so far (the test raises it), and when to stop."""

    def __init__(self, allowed: int) -> None:
        self.changed = threading.Condition()
        self.allowed = allowed
        self.stopped = False

    def allow(self, allowed: int) -> None:
        """Let every conversation go on until it has ``allowed`` answers."""
        with self.changed:
            self.allowed = allowed
            self.changed.notify_all()

    def stop(self) -> None:
        """End every conversation's thread after its current message."""
        with self.changed:
            self.stopped = True
            self.changed.notify_all()

    def may_send(self, answered: int) -> bool:
        """Wait until a conversation with ``answered`` answers may send another; False once stopped."""
        with self.changed:
            self.changed.wait_for(lambda: self.stopped or answered < self.allowed)
            return not self.stopped

    def notify(self) -> None:
        """A conversation got an answer (or failed)."""
        with self.changed:
            self.changed.notify_all()

    def wait_until(self, conversations: list[Conversation], answers: int) -> None:
        """Until every conversation has ``answers`` answers (or a thread failed)."""

        def done() -> bool:
            return any(c.error for c in conversations) or all(len(c.answers) >= answers for c in conversations)

        with self.changed:
            assert self.changed.wait_for(done, timeout=RESPAWN_WAIT_S), [len(c.answers) for c in conversations]
        errors = [c.error for c in conversations if c.error]
        assert not errors, errors


@dataclass
class Conversation:
    """One customer's conversation, sending one message after another from its own thread."""

    token: str
    session_id: str
    client: httpx.Client
    worker: int
    """The worker that served this conversation's connection at the start."""
    sent: list[tuple[str, str]] = field(default_factory=list)
    """(client message ID, content) of every message, in order."""
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    """The final 200 body for each client message ID."""
    failures: list[str] = field(default_factory=list)
    """Each attempt that got no answer (the connection dropped), as ``repr`` of the error."""
    error: Exception | None = None

    def chat(self, pace: Pace) -> None:
        """Send while ``pace`` allows; retry a dropped message with the same ID until it is answered."""
        try:
            while pace.may_send(len(self.answers)):
                message = (client_id(), f"what is my balance? ({len(self.sent) + 1})")
                self.sent.append(message)
                self.answers[message[0]] = self._send_until_answered(*message)
                pace.notify()
        except Exception as exc:  # noqa: BLE001 - reported by the test, not lost in the thread
            self.error = exc
            pace.notify()

    def _send_until_answered(self, message_id: str, content: str) -> dict[str, Any]:
        deadline = time.monotonic() + RESPAWN_WAIT_S
        while True:
            try:
                response = send(self.client, self.token, self.session_id, content, clientMessageId=message_id)
            except httpx.TransportError as exc:
                self.failures.append(repr(exc))
                if time.monotonic() > deadline:
                    raise
                continue  # httpx opens a new connection: it may reach either worker
            assert response.status_code == 200, response.text
            return dict(response.json())


def _start_conversations(app: LiveServer, tokens: dict[str, str]) -> list[Conversation]:
    """``CONVERSATIONS_PER_WORKER`` conversations on each worker, alternating customers."""
    wanted = {pid: CONVERSATIONS_PER_WORKER for pid in app.worker_pids()}
    conversations: list[Conversation] = []
    for _ in range(200):
        if not any(wanted.values()):
            return conversations
        client = httpx.Client(base_url=app.base_url, timeout=30)
        pid = app.serving_pid(client.get("/api/health"))
        if not wanted.get(pid):
            client.close()
            continue
        wanted[pid] -= 1
        token = tokens[CUSTOMERS[len(conversations) % len(CUSTOMERS)]]
        session_id = new_session(client, token)["sessionId"]
        conversations.append(Conversation(token=token, session_id=session_id, client=client, worker=pid))
    msg = f"200 new connections did not give {CONVERSATIONS_PER_WORKER} on every worker of {app.worker_pids()}"
    raise AssertionError(msg)


def _respawned(app: LiveServer, killed: int, survivor: int) -> int:
    """The worker granian started in place of ``killed``, once it answers ``/api/health`` with 200."""
    deadline = time.monotonic() + RESPAWN_WAIT_S
    while time.monotonic() < deadline:
        assert app.proc is not None
        assert app.proc.poll() is None, f"the backend exited with {app.proc.returncode}; see {app.log_path}"
        pids = set(app.worker_pids())
        new = pids - {killed, survivor}
        if len(pids) == WORKERS and survivor in pids and len(new) == 1:
            # A new connection each time: the kernel hands it to either worker.
            with httpx.Client(base_url=app.base_url, timeout=10) as client:
                try:
                    health = client.get("/api/health")
                    if app.serving_pid(health) in new and health.status_code == 200:
                        return new.pop()
                except (httpx.TransportError, LookupError):
                    pass
                continue
        time.sleep(0.2)
    msg = f"no worker replaced {killed} within {RESPAWN_WAIT_S}s (workers: {app.worker_pids()})"
    raise AssertionError(msg)


def _history(app: LiveServer, conversation: Conversation) -> list[dict[str, Any]]:
    with httpx.Client(base_url=app.base_url, timeout=30) as api:
        response = api.get(
            f"/api/sessions/{conversation.session_id}/messages",
            params={"limit": 500},
            headers=bearer(conversation.token),
        )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["nextBefore"] is None  # the whole conversation on one page
    return list(body["messages"])


def test_worker_killed_while_customers_chat_is_replaced_and_loses_nothing(respawning_app: LiveServer) -> None:
    app = respawning_app
    with httpx.Client(base_url=app.base_url, timeout=30) as api:
        tokens = {name: login(api, name) for name in CUSTOMERS}
    conversations = _start_conversations(app, tokens)
    killed, survivor = sorted({c.worker for c in conversations})
    pace = Pace(allowed=MESSAGES_BEFORE_KILL + HEADROOM)
    threads = [threading.Thread(target=c.chat, args=(pace,), daemon=True) for c in conversations]
    try:
        for thread in threads:
            thread.start()
        pace.wait_until(conversations, MESSAGES_BEFORE_KILL)

        os.kill(killed, signal.SIGKILL)
        psutil.Process(killed).wait(timeout=10)  # reaped by granian, which then starts a new worker
        respawned = _respawned(app, killed, survivor)
        more = max(len(c.answers) for c in conversations) + MESSAGES_AFTER_RESPAWN
        pace.allow(more)
        pace.wait_until(conversations, more)
    finally:
        pace.stop()
        for thread in threads:
            thread.join(timeout=60)
        for conversation in conversations:
            conversation.client.close()
    assert not [c.error for c in conversations if c.error]

    # The backend never stopped; two workers again, the survivor untouched, one new.
    assert app.proc is not None
    assert app.proc.poll() is None
    assert set(app.worker_pids()) == {survivor, respawned}
    # The survivor's customers never noticed; the killed worker's lost a request and sent it again.
    assert [c.failures for c in conversations if c.worker == survivor] == [[]] * CONVERSATIONS_PER_WORKER
    assert any(c.failures for c in conversations if c.worker == killed), [c.failures for c in conversations]

    # The new worker serves the API (a chat turn included) and the websocket, with the state in Redis.
    with worker_client(app, on=respawned) as client:
        health = client.get("/api/health").json()
        assert health == {"status": "ok", "database": "ok", "stateManager": "redis"}
        checked = conversations[0]
        reply = send(client, checked.token, checked.session_id, "what is my balance?", clientMessageId=client_id())
        assert reply.status_code == 200, reply.text
        checked.sent.append((reply.json()["message"]["clientMessageId"], "what is my balance?"))
        checked.answers[checked.sent[-1][0]] = dict(reply.json())
    for attempt in range(100):
        if hydrate_over_websocket(app, f"respawn-{attempt}-{time.monotonic_ns()}") == respawned:
            break
    else:
        raise AssertionError(f"100 websockets never reached the new worker {respawned}")

    for conversation in conversations:
        history = _history(app, conversation)
        sent_ids = [message_id for message_id, _ in conversation.sent]
        # Every message once, in the order sent, each followed by its one answer.
        assert [m["role"] for m in history] == ["user", "assistant"] * len(sent_ids)
        users, replies = history[0::2], history[1::2]
        assert [m["clientMessageId"] for m in users] == sent_ids
        assert [m["content"] for m in users] == [content for _, content in conversation.sent]
        assert all(m["content"] for m in replies)
        # The answer each client finally got is the stored one (a retry replays it, never a second reply).
        assert [conversation.answers[i]["message"]["id"] for i in sent_ids] == [m["id"] for m in users]
        assert [conversation.answers[i]["reply"]["id"] for i in sent_ids] == [m["id"] for m in replies]
        assert len({m["id"] for m in history}) == len(history)
