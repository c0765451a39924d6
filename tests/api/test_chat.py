"""Chat over real HTTP: message in, stored reply out; idempotency; every error is an answer."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.api.helpers import MESSAGE_ID, assert_error, bearer, client_id, new_session, send

pytestmark = pytest.mark.live

UNKNOWN_ID = "sess_zzzzzzzz_0123456789abcdefghijklmno"


@pytest.fixture
def session_id(client: httpx.Client, alice: str) -> str:
    """A new conversation of alice's."""
    return str(new_session(client, alice)["sessionId"])


def _history(client: httpx.Client, token: str, session_id: str) -> list[dict[str, object]]:
    response = client.get(f"/api/sessions/{session_id}/messages", headers=bearer(token))
    assert response.status_code == 200
    return list(response.json()["messages"])


def test_send_message_returns_stored_message_and_reply(client: httpx.Client, alice: str, session_id: str) -> None:
    response = send(client, alice, session_id, "  help  ")

    assert response.status_code == 200
    body = response.json()
    assert body["sessionId"] == session_id
    assert body["message"]["role"] == "user"
    assert body["message"]["content"] == "help"
    assert body["message"]["sessionId"] == session_id
    reply = body["reply"]
    assert reply["role"] == "assistant"
    assert reply["content"].strip()
    assert isinstance(reply["agent"], str)
    assert reply["agent"]
    assert isinstance(reply["intent"], str)
    assert reply["intent"]
    assert 0.0 <= reply["confidence"] <= 1.0
    assert MESSAGE_ID.fullmatch(body["message"]["id"])
    assert MESSAGE_ID.fullmatch(reply["id"])
    assert reply["id"] != body["message"]["id"]
    assert body["replayed"] is False
    assert body["timestamp"]
    assert [m["id"] for m in _history(client, alice, session_id)] == [body["message"]["id"], reply["id"]]


def test_send_message_first_message_titles_the_session(client: httpx.Client, alice: str, session_id: str) -> None:
    assert send(client, alice, session_id, "hello there").status_code == 200

    session = client.get(f"/api/sessions/{session_id}", headers=bearer(alice)).json()

    assert session["title"] == "hello there"
    assert session["messageCount"] == 2


def test_send_message_same_client_id_returns_stored_exchange(client: httpx.Client, alice: str, session_id: str) -> None:
    cid = client_id()

    first = send(client, alice, session_id, "help", clientMessageId=cid)
    second = send(client, alice, session_id, "help", clientMessageId=cid)

    assert first.status_code == second.status_code == 200
    assert second.json()["message"] == first.json()["message"]
    assert second.json()["reply"] == first.json()["reply"]
    assert first.json()["message"]["clientMessageId"] == cid
    assert (first.json()["replayed"], second.json()["replayed"]) == (False, True)
    assert len(_history(client, alice, session_id)) == 2


def test_send_message_idempotency_key_header_acts_as_client_id(
    client: httpx.Client, alice: str, session_id: str
) -> None:
    key = client_id()
    headers = {**bearer(alice), "X-Session-ID": session_id, "Idempotency-Key": key}

    first = client.post("/api/chat/message", json={"content": "hello"}, headers=headers)
    second = client.post("/api/chat/message", json={"content": "hello"}, headers=headers)

    assert first.status_code == second.status_code == 200
    assert first.json()["message"]["clientMessageId"] == key
    assert second.json()["message"]["id"] == first.json()["message"]["id"]
    assert second.json()["reply"]["id"] == first.json()["reply"]["id"]
    assert len(_history(client, alice, session_id)) == 2


def test_send_message_without_session_header_is_400(client: httpx.Client, alice: str) -> None:
    assert_error(send(client, alice, None), 400, "missing_session_id")


def test_send_message_empty_session_header_is_400(client: httpx.Client, alice: str) -> None:
    assert_error(send(client, alice, ""), 400, "missing_session_id")


@pytest.mark.parametrize("sid", [UNKNOWN_ID, "null", "undefined", "sess_x", "' OR 1=1 --", "s" * 5000])
def test_send_message_unknown_session_is_404(client: httpx.Client, alice: str, sid: str) -> None:
    body = assert_error(send(client, alice, sid), 404, "session_not_found")

    assert body["detail"] == "Session not found"


def test_send_message_without_token_is_401(client: httpx.Client, session_id: str) -> None:
    response = client.post("/api/chat/message", json={"content": "hi"}, headers={"X-Session-ID": session_id})

    assert_error(response, 401, "invalid_token")


def test_send_message_closed_session_is_409(client: httpx.Client, alice: str, session_id: str) -> None:
    assert client.delete(f"/api/sessions/{session_id}", headers=bearer(alice)).status_code == 204

    assert_error(send(client, alice, session_id), 409, "session_closed")


@pytest.mark.parametrize("content", ["", "   \n\t ", "\x00\x00", "x" * 4001])
def test_send_message_empty_or_overlong_content_is_422(
    client: httpx.Client, alice: str, session_id: str, content: str
) -> None:
    assert_error(send(client, alice, session_id, content), 422, "invalid_input")
    assert _history(client, alice, session_id) == []


@pytest.mark.parametrize(
    "body", [{"content": 42}, {"content": None}, {}, {"content": "hi", "clientMessageId": 7}, ["hi"], "hi"]
)
def test_send_message_wrong_types_is_422(client: httpx.Client, alice: str, session_id: str, body: object) -> None:
    headers = {**bearer(alice), "X-Session-ID": session_id}

    assert_error(client.post("/api/chat/message", json=body, headers=headers), 422, "invalid_request")


@pytest.mark.parametrize("cid", ["", "x" * 65, "bad\x00id", "line\nbreak"])
def test_send_message_bad_client_id_is_422(client: httpx.Client, alice: str, session_id: str, cid: str) -> None:
    assert_error(send(client, alice, session_id, "hello", clientMessageId=cid), 422, "invalid_input")


def test_send_message_malformed_json_is_422(client: httpx.Client, alice: str, session_id: str) -> None:
    headers = {**bearer(alice), "X-Session-ID": session_id, "Content-Type": "application/json"}

    assert_error(client.post("/api/chat/message", content=b'{"content": "hi"', headers=headers), 422)


def test_send_message_nul_bytes_are_dropped(client: httpx.Client, alice: str, session_id: str) -> None:
    response = send(client, alice, session_id, "he\x00llo")

    assert response.status_code == 200
    assert response.json()["message"]["content"] == "hello"


def test_send_message_huge_body_is_413(client: httpx.Client, alice: str, session_id: str) -> None:
    assert_error(send(client, alice, session_id, "x" * 2_000_000), 413, "payload_too_large")


def test_send_message_same_client_id_concurrently_stores_one(client: httpx.Client, alice: str, session_id: str) -> None:
    cid = client_id()

    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(lambda _: send(client, alice, session_id, "help", clientMessageId=cid), range(6)))

    assert [r.status_code for r in responses] == [200] * 6
    assert len({r.json()["message"]["id"] for r in responses}) == 1
    assert len({r.json()["reply"]["id"] for r in responses}) == 1
    assert len(_history(client, alice, session_id)) == 2
