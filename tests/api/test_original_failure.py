"""The original defect, replayed: a session created over REST could not be chatted in.

The old service stored the chat session under ``null`` instead of the ID that
``SessionManager`` issued, so ``POST /api/chat/message`` with the returned ID
failed. Now there is one ID, made once, used everywhere.
"""

from __future__ import annotations

import json

import httpx
import pytest

from tests.api.helpers import SESSION_ID, bearer, login
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.live


def test_send_message_to_session_just_created_succeeds(client: httpx.Client, live_app: LiveServer) -> None:
    token = login(client, "alice")

    created = client.post("/api/sessions", json={"metadata": {"source": "replay"}}, headers=bearer(token))
    assert created.status_code == 201
    body = created.json()
    ids = (body["sessionId"], body["chatSession"]["sessionId"], body["session"]["sessionId"])
    assert all(isinstance(i, str) and SESSION_ID.match(i) for i in ids), ids
    assert len(set(ids)) == 1

    sent = client.post(
        "/api/chat/message",
        json={"content": "Hello, can you help me?"},
        headers={**bearer(token), "X-Session-ID": body["sessionId"]},
    )

    assert sent.status_code == 200, sent.text
    assert sent.json()["sessionId"] == body["sessionId"]
    assert sent.json()["message"]["sessionId"] == body["sessionId"]
    assert sent.json()["reply"]["content"]
    history = client.get(f"/api/sessions/{body['sessionId']}/messages", headers=bearer(token)).json()
    assert [m["role"] for m in history["messages"]] == ["user", "assistant"]

    # The lifecycle is logged as the original service logged it, under the one ID.
    records = [json.loads(line) for line in live_app.log_path.read_text().splitlines() if body["sessionId"] in line]
    lifecycle = [r["message"] for r in records]
    assert lifecycle[:4] == [
        "Session created",
        "Chat session created",
        "Session created via REST API",
        "Message processed successfully",
    ]
    assert {r["user_id"] for r in records[:4]} == {body["session"]["userId"]}
    assert all(r["session_id"] == body["sessionId"] for r in records[:4])
