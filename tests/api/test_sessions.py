"""Sessions over real HTTP: one ID from SessionManager, ownership, close, history pages."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import httpx
import pytest

from tests.api.helpers import MESSAGE_ID, SESSION_ID, assert_error, bearer, client_id, login, new_session, send
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.live

UNKNOWN_ID = "sess_zzzzzzzz_0123456789abcdefghijklmno"


def _me(client: httpx.Client, token: str) -> dict[str, object]:
    return dict(client.get("/api/me", headers=bearer(token)).json())


def test_create_session_returns_one_id_in_all_three_places(client: httpx.Client, alice: str) -> None:
    body = new_session(client, alice)

    assert set(body) == {"sessionId", "chatSession", "session", "timestamp"}
    assert SESSION_ID.match(body["sessionId"])
    assert body["sessionId"] == body["chatSession"]["sessionId"] == body["session"]["sessionId"]
    me = _me(client, alice)
    assert body["chatSession"]["userId"] == body["session"]["userId"] == me["id"]
    assert body["session"]["status"] == "active"
    assert body["chatSession"]["messageCount"] == 0
    assert body["chatSession"]["title"] == "New conversation"
    assert datetime.fromisoformat(body["session"]["createdAt"]).tzinfo is not None
    assert {"lastActivityAt", "metadata"} <= set(body["session"])
    assert {"userData", "createdAt"} <= set(body["chatSession"])


def test_create_session_logs_event_with_ids(client: httpx.Client, alice: str, live_app: LiveServer) -> None:
    session_id = new_session(client, alice)["sessionId"]

    lines = [json.loads(line) for line in live_app.log_path.read_text().splitlines() if session_id in line]

    events = [e for e in lines if e.get("message") == "Session created via REST API"]
    assert len(events) == 1
    assert events[0]["session_id"] == session_id
    assert events[0]["user_id"] == _me(client, alice)["id"]
    assert not any(alice in line for line in live_app.log_path.read_text().splitlines())


def test_create_session_twice_gives_distinct_ids(client: httpx.Client, alice: str) -> None:
    assert new_session(client, alice)["sessionId"] != new_session(client, alice)["sessionId"]


def test_create_session_without_body_is_201(client: httpx.Client, alice: str) -> None:
    response = client.post("/api/sessions", headers=bearer(alice))

    assert response.status_code == 201
    assert SESSION_ID.match(response.json()["sessionId"])


def test_create_session_keeps_metadata(client: httpx.Client, alice: str) -> None:
    body = new_session(client, alice, metadata={"channel": "mobile", "n": 3})

    assert body["session"]["metadata"] == {"channel": "mobile", "n": 3}
    fetched = client.get(f"/api/sessions/{body['sessionId']}", headers=bearer(alice)).json()
    assert fetched["metadata"] == {"channel": "mobile", "n": 3}


@pytest.mark.parametrize("who", ["id", "id-as-string", "username"])
def test_create_session_for_self_by_user_id_is_201(client: httpx.Client, alice: str, who: str) -> None:
    me = _me(client, alice)
    user_id = {"id": me["id"], "id-as-string": str(me["id"]), "username": "alice"}[who]

    assert new_session(client, alice, userId=user_id)["session"]["userId"] == me["id"]


@pytest.mark.parametrize("user_id", ["bob", "manager", 999999])
def test_create_session_for_other_user_is_403(client: httpx.Client, alice: str, user_id: object) -> None:
    response = client.post("/api/sessions", json={"userId": user_id}, headers=bearer(alice))

    assert_error(response, 403, "forbidden")


def test_create_session_for_other_user_by_id_is_403(client: httpx.Client, alice: str, bob: str) -> None:
    bob_id = _me(client, bob)["id"]

    assert_error(client.post("/api/sessions", json={"userId": bob_id}, headers=bearer(alice)), 403, "forbidden")


@pytest.mark.parametrize(
    "body",
    [{"metadata": "not an object"}, {"userId": True}, {"userId": 1.5}, {"metadata": {"big": "x" * 9000}}, [1]],
)
def test_create_session_bad_body_is_422(client: httpx.Client, alice: str, body: object) -> None:
    assert_error(client.post("/api/sessions", json=body, headers=bearer(alice)), 422, "invalid_request")


def test_create_session_without_token_is_401(client: httpx.Client) -> None:
    assert_error(client.post("/api/sessions", json={}), 401, "invalid_token")


def test_list_sessions_newest_first_and_only_own(client: httpx.Client, bob: str) -> None:
    token = login(client, "manager")
    first = new_session(client, token)["sessionId"]
    second = new_session(client, token)["sessionId"]
    bobs = new_session(client, bob)["sessionId"]

    response = client.get("/api/sessions", headers=bearer(token))

    assert response.status_code == 200
    ids = [s["sessionId"] for s in response.json()]
    assert ids.index(second) < ids.index(first)
    assert bobs not in ids
    assert {"sessionId", "userId", "status", "title", "messageCount", "createdAt"} <= set(response.json()[0])


def test_get_session_returns_it(client: httpx.Client, alice: str) -> None:
    session_id = new_session(client, alice)["sessionId"]

    response = client.get(f"/api/sessions/{session_id}", headers=bearer(alice))

    assert response.status_code == 200
    assert response.json()["sessionId"] == session_id
    assert response.json()["status"] == "active"


@pytest.mark.parametrize("session_id", [UNKNOWN_ID, "not-a-session", "sess_" + "a" * 300, "null", "%00"])
def test_get_session_unknown_is_404(client: httpx.Client, alice: str, session_id: str) -> None:
    body = assert_error(client.get(f"/api/sessions/{session_id}", headers=bearer(alice)), 404, "session_not_found")

    assert body["detail"] == "Session not found"


def test_delete_session_closes_it(client: httpx.Client, alice: str) -> None:
    session_id = new_session(client, alice)["sessionId"]

    response = client.delete(f"/api/sessions/{session_id}", headers=bearer(alice))

    assert response.status_code == 204
    listed = [s["sessionId"] for s in client.get("/api/sessions", headers=bearer(alice)).json()]
    assert session_id not in listed
    assert client.get(f"/api/sessions/{session_id}", headers=bearer(alice)).json()["status"] == "closed"
    assert_error(send(client, alice, session_id), 409, "session_closed")
    assert client.delete(f"/api/sessions/{session_id}", headers=bearer(alice)).status_code == 204


def test_delete_session_unknown_is_404(client: httpx.Client, alice: str) -> None:
    assert_error(client.delete(f"/api/sessions/{UNKNOWN_ID}", headers=bearer(alice)), 404, "session_not_found")


@pytest.mark.parametrize("operation", ["get", "delete", "messages", "chat"])
def test_use_session_of_other_user_is_404(client: httpx.Client, alice: str, bob: str, operation: str) -> None:
    session_id = new_session(client, bob)["sessionId"]
    path = f"/api/sessions/{session_id}"
    response = {
        "get": lambda: client.get(path, headers=bearer(alice)),
        "delete": lambda: client.delete(path, headers=bearer(alice)),
        "messages": lambda: client.get(f"{path}/messages", headers=bearer(alice)),
        "chat": lambda: send(client, alice, session_id),
    }[operation]()

    body = assert_error(response, 404, "session_not_found")
    assert body["detail"] == "Session not found"
    # Bob's session is untouched by Alice's attempt.
    assert client.get(path, headers=bearer(bob)).json()["status"] == "active"


def test_list_messages_new_session_is_empty(client: httpx.Client, alice: str) -> None:
    session_id = new_session(client, alice)["sessionId"]

    response = client.get(f"/api/sessions/{session_id}/messages", headers=bearer(alice))

    assert response.status_code == 200
    assert response.json() == {"messages": [], "nextBefore": None}


def test_list_messages_pages_back_with_next_before(client: httpx.Client, alice: str) -> None:
    session_id = new_session(client, alice)["sessionId"]
    for text in ("hello", "help", "thanks"):
        assert send(client, alice, session_id, text, clientMessageId=client_id()).status_code == 200
    url = f"/api/sessions/{session_id}/messages"

    newest = client.get(url, params={"limit": 4}, headers=bearer(alice)).json()
    oldest = client.get(url, params={"limit": 4, "before": newest["nextBefore"]}, headers=bearer(alice)).json()

    assert [m["content"] for m in newest["messages"]][0::2] == ["help", "thanks"]
    assert [m["role"] for m in newest["messages"]] == ["user", "assistant"] * 2
    assert newest["nextBefore"] == newest["messages"][0]["id"]
    assert [m["content"] for m in oldest["messages"]][0::2] == ["hello"]
    assert oldest["nextBefore"] is None
    ids = [m["id"] for m in oldest["messages"] + newest["messages"]]
    assert len(set(ids)) == 6
    assert all(MESSAGE_ID.fullmatch(i) for i in ids)
    message = newest["messages"][0]
    assert set(message) == {
        "id",
        "sessionId",
        "role",
        "content",
        "createdAt",
        "clientMessageId",
        "agent",
        "intent",
        "confidence",
        "feedback",
    }
    assert message["sessionId"] == session_id


@pytest.mark.parametrize(
    "params", [{"limit": 0}, {"limit": 501}, {"limit": "ten"}, {"before": "x y"}, {"before": "x" * 65}, {"before": ""}]
)
def test_list_messages_bad_paging_is_422(client: httpx.Client, alice: str, params: dict[str, object]) -> None:
    session_id = new_session(client, alice)["sessionId"]

    response = client.get(f"/api/sessions/{session_id}/messages", params=params, headers=bearer(alice))

    assert_error(response, 422, "invalid_request")


# --- pen-test 18.9d: IDs and cursors say nothing about the bank's volume ---------


def _page_ids(client: httpx.Client, token: str, session_id: str, **params: object) -> dict[str, Any]:
    response = client.get(f"/api/sessions/{session_id}/messages", params=params, headers=bearer(token))
    assert response.status_code == 200, response.text
    return dict(response.json())


def _exchanges(client: httpx.Client, token: str, session_id: str, count: int) -> None:
    for n in range(count):
        assert send(client, token, session_id, f"hello {n}", clientMessageId=client_id()).status_code == 200


def test_message_ids_are_neither_numbers_nor_in_order(client: httpx.Client, alice: str) -> None:
    """Ten messages' IDs: random, so they neither count nor sort (all ten in order by chance: 1 in 3.6 million)."""
    session_id = new_session(client, alice)["sessionId"]
    _exchanges(client, alice, session_id, 5)

    ids = [m["id"] for m in _page_ids(client, alice, session_id, limit=500)["messages"]]

    assert len(ids) == len(set(ids)) == 10
    assert all(MESSAGE_ID.fullmatch(i) for i in ids)
    assert not any(part.isdigit() for i in ids for part in i.split("_"))
    assert ids != sorted(ids)
    assert ids != sorted(ids, reverse=True)


def test_list_messages_paging_returns_every_message_exactly_once(client: httpx.Client, alice: str) -> None:
    session_id = new_session(client, alice)["sessionId"]
    _exchanges(client, alice, session_id, 4)
    everything = _page_ids(client, alice, session_id, limit=500)

    pages, cursor = [], None
    while True:
        page = _page_ids(client, alice, session_id, limit=3, **({"before": cursor} if cursor else {}))
        pages.insert(0, page["messages"])
        cursor = page["nextBefore"]
        if cursor is None:
            break

    assert [len(p) for p in pages] == [2, 3, 3]
    assert [m["id"] for p in pages for m in p] == [m["id"] for m in everything["messages"]]
    assert [m["content"] for p in pages for m in p][0::2] == [f"hello {n}" for n in range(4)]
    assert everything["nextBefore"] is None


def test_list_messages_with_cursor_of_another_session_is_422(client: httpx.Client, alice: str, bob: str) -> None:
    """A cursor belongs to its conversation: bob's, or alice's other one, pages nothing of this one."""
    mine, other = new_session(client, alice)["sessionId"], new_session(client, alice)["sessionId"]
    bobs = new_session(client, bob)["sessionId"]
    for session_id, token in ((mine, alice), (other, alice), (bobs, bob)):
        _exchanges(client, token, session_id, 2)
    cursors = [_page_ids(client, token, sid, limit=1)["nextBefore"] for sid, token in ((other, alice), (bobs, bob))]
    assert all(cursors)

    for cursor in cursors:
        body = assert_error(
            client.get(f"/api/sessions/{mine}/messages", params={"before": cursor}, headers=bearer(alice)),
            422,
            "invalid_cursor",
        )
        assert cursor not in body["detail"]
    assert_error(  # bob's conversation itself stays bob's
        client.get(f"/api/sessions/{bobs}/messages", params={"before": cursors[1]}, headers=bearer(alice)),
        404,
        "session_not_found",
    )


def test_list_messages_with_tampered_cursor_is_422(client: httpx.Client, alice: str) -> None:
    session_id = new_session(client, alice)["sessionId"]
    _exchanges(client, alice, session_id, 2)
    page = _page_ids(client, alice, session_id, limit=1)
    cursor = page["nextBefore"]
    flipped = cursor[:-1] + ("A" if cursor[-1] != "A" else "B")
    url = f"/api/sessions/{session_id}/messages"

    for bad in (flipped, cursor.upper() if cursor.upper() != cursor else cursor.lower(), "1", "3", str(10**30), "-1"):
        assert_error(client.get(url, params={"before": bad}, headers=bearer(alice)), 422, "invalid_cursor")
    assert _page_ids(client, alice, session_id, before=cursor)["messages"]
