"""Hostile input over real HTTP: the right 4xx with ``{detail, code}``, never a 5xx, nothing stored or moved."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.api.helpers import assert_error, bearer, new_session, send

pytestmark = pytest.mark.live

GARBAGE_SESSION_IDS = [
    "x" * 10_240,
    "../../etc/passwd",
    "..%2F..%2Fapi%2Fme",
    "sess_' OR '1'='1",
    "'; DROP TABLE session; --",
    str(uuid.uuid4()),
    "sess_mgpresmh_" + "0" * 25,
    "null",
]


@pytest.mark.parametrize("sid", GARBAGE_SESSION_IDS)
def test_garbage_session_id_is_404_everywhere(client: httpx.Client, alice: str, sid: str) -> None:
    # In a URL, "../" is resolved by the client before it is sent: such an ID is tried in the header only.
    in_path = "/" not in sid
    responses = [send(client, alice, sid, "hello")]
    if in_path:
        responses += [
            client.get(f"/api/sessions/{sid}", headers=bearer(alice)),
            client.get(f"/api/sessions/{sid}/messages", headers=bearer(alice)),
            client.delete(f"/api/sessions/{sid}", headers=bearer(alice)),
        ]
    for response in responses:
        assert response.status_code in (404, 422), response.text  # 422: a path the router refuses as a shape
        assert_error(response, response.status_code)


def test_empty_session_header_is_400(client: httpx.Client, alice: str) -> None:
    assert_error(send(client, alice, "", "hello"), 400)


@pytest.mark.parametrize("content", ["", "   \n\t  ", "\x00\x00"])
def test_empty_or_blank_message_is_422_and_stores_nothing(client: httpx.Client, alice: str, content: str) -> None:
    sid = new_session(client, alice)["sessionId"]
    assert_error(send(client, alice, sid, content), 422)
    assert client.get(f"/api/sessions/{sid}/messages", headers=bearer(alice)).json()["messages"] == []


def test_one_megabyte_message_is_refused_without_5xx(client: httpx.Client, alice: str) -> None:
    sid = new_session(client, alice)["sessionId"]
    response = send(client, alice, sid, "a" * 1_048_576)
    assert response.status_code in (413, 422), response.text
    assert client.get(f"/api/sessions/{sid}/messages", headers=bearer(alice)).json()["messages"] == []


def test_invalid_utf8_body_is_400(client: httpx.Client, alice: str) -> None:
    sid = new_session(client, alice)["sessionId"]
    headers = {**bearer(alice), "X-Session-ID": sid, "Content-Type": "application/json"}
    response = client.post("/api/chat/message", content=b'{"content": "\xff\xfe bad"}', headers=headers)
    assert response.status_code in (400, 422), response.text
    assert_error(response, response.status_code)


@pytest.mark.parametrize("raw", [b"{", b"[]", b"null", b'{"content": }', b"content=hello"])
def test_malformed_json_is_4xx_json(client: httpx.Client, alice: str, raw: bytes) -> None:
    sid = new_session(client, alice)["sessionId"]
    headers = {**bearer(alice), "X-Session-ID": sid, "Content-Type": "application/json"}
    response = client.post("/api/chat/message", content=raw, headers=headers)
    assert 400 <= response.status_code < 500, response.text
    assert_error(response, response.status_code)


def test_extra_fields_are_ignored_and_grant_nothing(client: httpx.Client, alice: str, bob: str) -> None:
    bob_session = new_session(client, bob)["sessionId"]
    sid = new_session(client, alice)["sessionId"]
    response = send(client, alice, sid, "hello", userId=999, sessionId=bob_session, role="assistant", agent="staff")
    assert response.status_code in (200, 422), response.text
    if response.status_code == 200:
        assert response.json()["sessionId"] == sid
        assert response.json()["message"]["role"] == "user"
    assert client.get(f"/api/sessions/{bob_session}/messages", headers=bearer(bob)).json()["messages"] == []


def _balances(client: httpx.Client, token: str) -> dict[int, int]:
    return {a["id"]: a["balanceCents"] for a in client.get("/api/accounts", headers=bearer(token)).json()}


@pytest.mark.parametrize("amount", ["0", "-1", "0.001", "1e309", "NaN", "inf", "-£20", "0.00"])
def test_odd_transfer_amounts_move_no_money(client: httpx.Client, bob: str, amount: str) -> None:
    before = _balances(client, bob)
    sid = new_session(client, bob)["sessionId"]
    asked = send(client, bob, sid, f"send {amount} to savings")
    assert asked.status_code == 200, asked.text
    assert asked.json()["reply"]["agent"] == "transfers"
    assert "Please confirm" not in asked.json()["reply"]["content"]
    confirmed = send(client, bob, sid, "yes")
    assert confirmed.status_code == 200, confirmed.text
    assert "Done!" not in confirmed.json()["reply"]["content"]
    assert _balances(client, bob) == before
