"""Penetration-test replay over real HTTP: only a clear "yes" moves money or blocks a card (issue 18, item 1)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.helpers import bearer, new_session, send

NEAR_MISSES = (
    "is that right?",
    "yes?",
    "ok wait",
    "ok let me think about it",
    "not sure yet",
    "confirmed? what do you mean",
)
"""Each of these executed a waiting transfer before the fix."""


def _balances(client: httpx.Client, token: str) -> dict[str, int]:
    response = client.get("/api/accounts", headers=bearer(token))
    assert response.status_code == 200, response.text
    return {a["kind"]: a["balanceCents"] for a in response.json()}


def _say(client: httpx.Client, token: str, session_id: str, text: str) -> dict[str, Any]:
    response = send(client, token, session_id, text)
    assert response.status_code == 200, response.text
    return dict(response.json()["reply"])


def test_near_misses_never_send_then_yes_but_amends_and_yes_sends_once(client: httpx.Client, alice: str) -> None:
    session_id = new_session(client, alice)["sessionId"]
    before = _balances(client, alice)
    assert "Please confirm" in _say(client, alice, session_id, "send 25 to savings")["content"]

    for text in NEAR_MISSES:
        reply = _say(client, alice, session_id, text)
        assert "nothing has been sent" in reply["content"], (text, reply)
        assert _balances(client, alice) == before, text

    amended = _say(client, alice, session_id, "yes but make it 50")
    assert "Please confirm" in amended["content"]
    assert "£50.00" in amended["content"]
    assert _balances(client, alice) == before

    done = _say(client, alice, session_id, "yes")
    assert done["content"].startswith("Done! I've sent **£50.00**")
    after = _balances(client, alice)
    assert after["checking"] == before["checking"] - 5_000
    assert after["savings"] == before["savings"] + 5_000


def test_thinking_about_it_never_blocks_a_card(client: httpx.Client, bob: str) -> None:
    session_id = new_session(client, bob)["sessionId"]
    assert "Which card" in _say(client, bob, session_id, "I lost my card")["content"]
    assert "Shall I report it lost" in _say(client, bob, session_id, "the debit one")["content"]

    held = _say(client, bob, session_id, "ok let me think about it")

    assert "I haven't blocked anything" in held["content"]
    assert "haven't reported" in _say(client, bob, session_id, "no")["content"]
    assert "already active" in _say(client, bob, session_id, "unfreeze my debit card")["content"]
