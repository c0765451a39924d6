"""The manager's routes over real HTTP: who may call them, the take-over, the audit log, sync health."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from bankchat.db import engine_for
from bankchat.errors import NotAManager
from bankchat.services.session_manager import new_session_id
from tests.api.helpers import assert_error, bearer, login, new_session, send
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.live

UNKNOWN = "sess_zzzz_0000"
ROUTES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/api/admin/sessions", None),
    ("GET", "/api/admin/handoffs", None),
    ("GET", f"/api/admin/sessions/{UNKNOWN}/transcript", None),
    ("POST", f"/api/admin/sessions/{UNKNOWN}/claim", None),
    ("POST", f"/api/admin/sessions/{UNKNOWN}/messages", {"content": "hello"}),
    ("POST", f"/api/admin/sessions/{UNKNOWN}/hand-back", None),
    ("GET", "/api/admin/audit", None),
    ("GET", "/api/admin/audit.csv", None),
    ("GET", "/api/admin/health/sessions", None),
]


@pytest.fixture
def manager(client: httpx.Client) -> str:
    return login(client, "manager")


def _call(client: httpx.Client, method: str, path: str, body: Any, token: str | None) -> httpx.Response:
    return client.request(method, path, json=body, headers=bearer(token) if token else {})


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_anonymous_is_401_and_a_customer_is_403(
    client: httpx.Client, alice: str, method: str, path: str, body: Any
) -> None:
    assert_error(_call(client, method, path, body, None), 401, "invalid_token")
    assert_error(_call(client, method, path, body, alice), 403, "forbidden")


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_call_admin_route_as_customer_says_it_needs_a_manager(
    client: httpx.Client, alice: str, method: str, path: str, body: Any
) -> None:
    refused = assert_error(_call(client, method, path, body, alice), 403, "forbidden")
    assert refused["detail"] == NotAManager.default_detail


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_the_manager_is_let_in(client: httpx.Client, manager: str, method: str, path: str, body: Any) -> None:
    response = _call(client, method, path, body, manager)
    if "/sessions/" in path:
        assert_error(response, 404)  # let in, and told the conversation does not exist
    else:
        assert response.status_code == 200, response.text


def test_take_over_and_hand_back(client: httpx.Client, alice: str, manager: str) -> None:
    sid = new_session(client, alice)["sessionId"]
    asked = send(client, alice, sid, "I want to talk to a person").json()
    assert asked["reply"]["agent"] == "handoff"

    queue = client.get("/api/admin/handoffs", headers=bearer(manager)).json()
    entry = next(h for h in queue if h["sessionId"] == sid)
    assert entry["status"] == "queued"
    assert entry["customer"] == "alice"
    assert "asked for a person" in entry["summary"]

    joined = client.post(f"/api/admin/sessions/{sid}/claim", headers=bearer(manager))
    assert joined.status_code == 200, joined.text
    assert joined.json()["role"] == "staff"

    held = send(client, alice, sid, "my rent payment bounced")
    assert held.status_code == 200, held.text
    assert held.json()["held"] is True
    assert held.json()["reply"] is None

    wrote = client.post(
        f"/api/admin/sessions/{sid}/messages", json={"content": "I see it, let me fix that."}, headers=bearer(manager)
    )
    assert wrote.status_code == 200, wrote.text
    history = client.get(f"/api/sessions/{sid}/messages", headers=bearer(alice)).json()["messages"]
    assert [m["role"] for m in history][-3:] == ["staff", "user", "staff"]
    assert history[-1]["content"] == "I see it, let me fix that."

    listed = next(s for s in client.get("/api/admin/sessions", headers=bearer(manager)).json() if s["sessionId"] == sid)
    assert listed["handoff"] == "claimed"
    assert listed["agentMix"] == {"handoff": 1}

    back = client.post(f"/api/admin/sessions/{sid}/hand-back", headers=bearer(manager))
    assert back.status_code == 200, back.text
    again = send(client, alice, sid, "what's my balance?").json()
    assert again["held"] is False
    assert again["reply"]["agent"] == "accounts"
    assert_error(client.post(f"/api/admin/sessions/{sid}/hand-back", headers=bearer(manager)), 404, "handoff_not_found")
    staff_reply = client.post(f"/api/admin/sessions/{sid}/messages", json={"content": "x"}, headers=bearer(manager))
    assert_error(staff_reply, 404, "handoff_not_found")


def test_replying_without_claiming_is_a_conflict(client: httpx.Client, alice: str, manager: str) -> None:
    sid = new_session(client, alice)["sessionId"]
    send(client, alice, sid, "let me speak to a human agent")
    response = client.post(f"/api/admin/sessions/{sid}/messages", json={"content": "hi"}, headers=bearer(manager))
    assert_error(response, 409, "conflict")
    empty = client.post(f"/api/admin/sessions/{sid}/messages", json={"content": ""}, headers=bearer(manager))
    assert_error(empty, 422)


def test_every_transcript_look_is_in_the_audit_log_and_its_csv(client: httpx.Client, alice: str, manager: str) -> None:
    sid = new_session(client, alice)["sessionId"]
    send(client, alice, sid, "show my last 3 transactions")
    transcript = client.get(f"/api/admin/sessions/{sid}/transcript", headers=bearer(manager))
    assert transcript.status_code == 200, transcript.text
    assert [m["role"] for m in transcript.json()["messages"]] == ["user", "assistant"]
    assert transcript.json()["customer"] == "alice"

    entries = client.get("/api/admin/audit", params={"limit": 20}, headers=bearer(manager)).json()
    looked = [e for e in entries if e["sessionId"] == sid]
    assert [(e["action"], e["actor"], e["customer"]) for e in looked] == [("view_transcript", "manager", "alice")]

    exported = client.get("/api/admin/audit.csv", headers=bearer(manager))
    assert exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert rows[0]["action"] == "export_audit"  # the export is itself audited, newest first
    assert any(r["session_id"] == sid and r["action"] == "view_transcript" for r in rows)


def test_a_customer_cannot_read_others_through_admin_routes(client: httpx.Client, alice: str, bob: str) -> None:
    sid = new_session(client, alice)["sessionId"]
    assert_error(client.get(f"/api/admin/sessions/{sid}/transcript", headers=bearer(bob)), 403)


def test_sync_health_is_clean_then_finds_a_planted_mismatch(
    client: httpx.Client, manager: str, alice: str, live_app: LiveServer
) -> None:
    new_session(client, alice)
    clean = client.get("/api/admin/health/sessions", headers=bearer(manager)).json()
    assert clean["status"] == "ok", clean
    assert clean["mismatchCount"] == 0
    assert clean["sessions"] == clean["chatSessions"] > 0

    # A session SessionManager issued that ChatService never got: half of the original defect.
    planted = new_session_id()
    engine = engine_for(live_app.db_url)
    with engine.begin() as conn:
        user_id = conn.execute(text("SELECT id FROM user WHERE username = 'alice'")).scalar_one()
        conn.execute(
            text(
                "INSERT INTO session (id, user_id, status, metadata, created_at, last_activity_at)"
                " VALUES (:id, :uid, 'active', '{}', '2026-11-26 00:00:00', '2026-11-26 00:00:00')"
            ),
            {"id": planted, "uid": user_id},
        )
    try:
        found = client.get("/api/admin/health/sessions", headers=bearer(manager)).json()
        assert found["status"] == "mismatch"
        assert found["mismatchCount"] == 1
        assert found["mismatches"] == [
            {
                "sessionId": planted,
                "problem": "session_without_chat",
                "detail": f"session of user {user_id} has no chat session",
            }
        ]
    finally:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM session WHERE id = :id"), {"id": planted})
        engine.dispose()
    assert client.get("/api/admin/health/sessions", headers=bearer(manager)).json()["mismatchCount"] == 0
