"""Feedback and transcripts over real HTTP: the owner's replies only, shown again in the history."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.api.helpers import assert_error, bearer, login, new_session, send

pytestmark = pytest.mark.live


def _exchange(client: httpx.Client, token: str, text: str = "hello") -> tuple[str, dict[str, Any]]:
    sid = new_session(client, token)["sessionId"]
    response = send(client, token, sid, text)
    assert response.status_code == 200, response.text
    return sid, response.json()


def _rate(client: httpx.Client, token: str, sid: str, message_id: str, rating: Any) -> httpx.Response:
    return client.put(
        f"/api/sessions/{sid}/messages/{message_id}/feedback", json={"rating": rating}, headers=bearer(token)
    )


def _history(client: httpx.Client, token: str, sid: str) -> list[dict[str, Any]]:
    response = client.get(f"/api/sessions/{sid}/messages", headers=bearer(token))
    assert response.status_code == 200, response.text
    return list(response.json()["messages"])


def test_rate_reply_is_shown_in_history(client: httpx.Client, alice: str) -> None:
    sid, exchange = _exchange(client, alice)
    reply_id = exchange["reply"]["id"]

    response = _rate(client, alice, sid, reply_id, "up")

    assert response.status_code == 200, response.text
    assert response.json() == {"messageId": reply_id, "rating": "up"}
    history = {m["id"]: m["feedback"] for m in _history(client, alice, sid)}
    assert history == {exchange["message"]["id"]: None, reply_id: "up"}


def test_rate_reply_again_replaces_and_null_clears(client: httpx.Client, alice: str) -> None:
    sid, exchange = _exchange(client, alice)
    reply_id = exchange["reply"]["id"]
    _rate(client, alice, sid, reply_id, "up")

    assert _rate(client, alice, sid, reply_id, "down").json()["rating"] == "down"
    assert _history(client, alice, sid)[-1]["feedback"] == "down"
    assert _rate(client, alice, sid, reply_id, None).json()["rating"] is None
    assert _history(client, alice, sid)[-1]["feedback"] is None


def test_rate_in_another_users_session_is_404(client: httpx.Client, alice: str, bob: str) -> None:
    sid, exchange = _exchange(client, alice)

    assert_error(_rate(client, bob, sid, exchange["reply"]["id"], "down"), 404, "session_not_found")
    assert _history(client, alice, sid)[-1]["feedback"] is None


def test_rate_customer_message_or_missing_id_is_404(client: httpx.Client, alice: str) -> None:
    sid, exchange = _exchange(client, alice)

    assert_error(_rate(client, alice, sid, exchange["message"]["id"], "up"), 404, "not_found")
    assert_error(_rate(client, alice, sid, "msg_AAAAAAAAAAAAAAAA", "up"), 404, "not_found")


def test_rate_reply_by_row_number_or_of_another_session_is_404(client: httpx.Client, alice: str) -> None:
    """Only the reply's public ID names it, and only in its own conversation (pen-test 18.9d)."""
    sid, _ = _exchange(client, alice)
    other_sid, other = _exchange(client, alice)

    for guess in ("1", "2", str(2**62)):
        assert_error(_rate(client, alice, sid, guess, "up"), 404, "not_found")
    assert_error(_rate(client, alice, sid, other["reply"]["id"], "up"), 404, "not_found")
    assert _rate(client, alice, other_sid, other["reply"]["id"], "up").status_code == 200
    assert _history(client, alice, sid)[-1]["feedback"] is None


@pytest.mark.parametrize("message_id", ["msg_x y", "a" * 65, "msg_x*y"])
def test_rate_malformed_message_id_is_422(client: httpx.Client, alice: str, message_id: str) -> None:
    sid, _ = _exchange(client, alice)

    assert_error(_rate(client, alice, sid, message_id, "up"), 422, "invalid_request")


@pytest.mark.parametrize("body", [{"rating": "meh"}, {"rating": 1}, {}, {"rating": ["up"]}])
def test_rate_with_bad_body_is_422(client: httpx.Client, alice: str, body: dict[str, Any]) -> None:
    sid, exchange = _exchange(client, alice)
    url = f"/api/sessions/{sid}/messages/{exchange['reply']['id']}/feedback"

    assert_error(client.put(url, json=body, headers=bearer(alice)), 422)


def test_rate_without_token_is_401(client: httpx.Client, alice: str) -> None:
    sid, exchange = _exchange(client, alice)

    response = client.put(f"/api/sessions/{sid}/messages/{exchange['reply']['id']}/feedback", json={"rating": "up"})

    assert_error(response, 401, "invalid_token")


def test_feedback_is_counted_per_agent_for_the_console(client: httpx.Client, alice: str) -> None:
    manager = login(client, "manager")

    def counts() -> dict[str, tuple[int, int]]:
        body = client.get("/api/admin/stats", headers=bearer(manager)).json()
        return {f["agent"]: (f["up"], f["down"]) for f in body["feedback"]}

    before = counts()
    sid, exchange = _exchange(client, alice)
    agent = exchange["reply"]["agent"]

    _rate(client, alice, sid, exchange["reply"]["id"], "down")

    up, down = before.get(agent, (0, 0))
    assert counts()[agent] == (up, down + 1)


def test_transcript_downloads_the_conversation_as_markdown(client: httpx.Client, alice: str) -> None:
    sid, exchange = _exchange(client, alice, "what's my balance?")

    response = client.get(f"/api/sessions/{sid}/transcript", headers=bearer(alice))

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/markdown")
    assert re.fullmatch(
        r'attachment; filename="bankchat-transcript-\d{8}-\d{4}\.md"', response.headers["content-disposition"]
    )
    text = response.text
    assert "- Customer: Alice" in text
    assert re.search(r"^### Alice .*\(customer\) · \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$", text, re.MULTILINE)
    assert f"### BankChat assistant ({exchange['reply']['agent']})" in text
    assert "what's my balance?" in text
    assert exchange["reply"]["content"].strip() in text


def test_transcript_of_another_users_session_is_404(client: httpx.Client, alice: str, bob: str) -> None:
    sid, _ = _exchange(client, alice)

    assert_error(client.get(f"/api/sessions/{sid}/transcript", headers=bearer(bob)), 404, "session_not_found")
    assert_error(client.get(f"/api/sessions/{sid}/transcript"), 401, "invalid_token")
