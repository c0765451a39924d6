"""Pen-test 18.7 and 18.8 replayed over the real websocket (and REST): bounded, signed-in-only
storage, and malformed input answered kindly, stored nowhere and logged without a traceback."""

from __future__ import annotations

import asyncio
import json
import time
import uuid

import httpx
import pytest

from bankchat.settings import get_settings
from bankchat.state.chat_state import DRAFT_SLACK
from benchmarks.reflex_client import ReflexClient, marker_done
from tests.api.helpers import bearer, new_session
from tests.api.helpers import send as rest_send
from tests.api.ws import AUTH, CHAT, NOT_UNDERSTOOD, RecordingClient, call, seen, send, web_cookie
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.live

LIMIT = get_settings().max_message_chars
UNREADABLE = "characters we cannot read"


async def _anonymous_drafts(base_url: str, marker: str) -> None:
    async with await ReflexClient.open(base_url, pathname="/login") as tab:
        chat = tab.state_name(CHAT)
        huge = await tab.call(f"{chat}.set_draft", {"value": "x" * 900_000}, marker_done("too much text"))
        assert "x" * 1000 not in huge.last
        await tab.ws.send("42/_event," + json.dumps(["event", _event(f"{chat}.set_draft", {"value": marker})]))
        # Events of one tab run in order: once the sign-in error shows, the draft was handled.
        await call(tab, AUTH, "login_answer", {"status": 401}, "Invalid username or password")
        token = tab.token
    async with await RecordingClient.open(base_url, pathname="/login", token=token) as again:
        assert again.token == token
        assert marker not in seen(again), "an anonymous tab's draft was stored"


def _event(name: str, payload: object) -> dict[str, object]:
    return {"name": name, "payload": payload, "router_data": {"pathname": "/chat", "asPath": "/chat", "query": {}}}


def test_anonymous_socket_stores_no_draft_and_huge_payloads_are_refused(live_app: LiveServer) -> None:
    asyncio.run(_anonymous_drafts(live_app.base_url, f"anonymous {uuid.uuid4().hex}"))


async def _signed_in_input(base_url: str) -> None:
    cookie = web_cookie(base_url, "alice")
    async with await ReflexClient.open(base_url, pathname="/chat", cookie=cookie) as tab:
        # A draft over the limit is kept whole (the composer counts it and will not send it) up to
        # DRAFT_SLACK times the limit; past that it is cut, and the toast says so.
        over = await call(tab, CHAT, "set_draft", {"value": "z" * (LIMIT + 50)}, '"draft_rx_state_"')
        assert "z" * (LIMIT + 50) in over
        cap = DRAFT_SLACK * LIMIT
        long = await call(tab, CHAT, "set_draft", {"value": "y" * (cap + 50)}, "too long", '"draft_rx_state_"')
        assert "y" * cap in long
        assert "y" * (cap + 1) not in long
        for payload in ({"form_data": {"message": "hi \ud800 there"}}, {"form_data": {"message": "\udfff"}}):
            refused = await call(tab, CHAT, "send", payload, UNREADABLE)
            assert "hi " not in refused
        await call(tab, CHAT, "set_draft", {"value": "draft \ud800"}, UNREADABLE)
        reply = await send(tab, "what can you do?")  # the tab still works
        assert "Here is what I can do" in reply.last
        token = tab.token
    async with await ReflexClient.open(base_url, pathname="/chat", cookie=cookie, token=token) as again:
        assert "\\ud800" not in json.dumps(again.last_delta)  # and it opens again, clean


def test_signed_in_drafts_are_bounded_and_lone_surrogates_never_stored(live_app: LiveServer) -> None:
    asyncio.run(_signed_in_input(live_app.base_url))


MALFORMED = [
    ("chat", "no_such_handler", {}),
    ("chat", "send", {}),  # missing argument
    ("chat", "send", {"form_data": {"message": "hi"}, "extra": 1}),  # unexpected argument
    ("chat", "send", {"form_data": "not a form"}),  # wrong type
    ("chat", "setvar", {"var_name": "username", "value": "mallory"}),  # no such setter
    ("chat", "switch_session", []),  # payload not an object
    ("root", "hydrate_and_load", {"vars": "not a dict"}),
    ("nowhere", "at_all", {}),
]


async def _malformed(base_url: str) -> None:
    async with await ReflexClient.open(base_url, pathname="/chat", cookie=web_cookie(base_url, "alice")) as tab:
        names = {"chat": tab.state_name(CHAT), "root": "reflex___state____state", "nowhere": "nowhere.at"}
        for state, handler, payload in MALFORMED:
            event = _event(f"{names[state]}.{handler}", payload)
            await tab.ws.send("42/_event," + json.dumps(["event", event]))
            answer = await tab._wait(marker_done(NOT_UNDERSTOOD), time.perf_counter(), 30)
            assert "Traceback" not in answer.last
        assert "Here is what I can do" in (await send(tab, "what can you do?")).last


def test_malformed_events_get_a_friendly_answer_and_no_traceback(live_app: LiveServer) -> None:
    offset = live_app.log_path.stat().st_size
    asyncio.run(_malformed(live_app.base_url))
    with live_app.log_path.open("rb") as f:
        f.seek(offset)
        log = f.read().decode(errors="replace")
    assert "Traceback" not in log
    assert '"level": "error"' not in log
    assert log.count("refused") >= len(MALFORMED)


@pytest.mark.parametrize("raw", ['{"content": "\\ud800"}', '{"content": "hello \\udc00 world"}'])
def test_rest_message_with_lone_surrogate_is_422_and_stores_nothing(client: httpx.Client, alice: str, raw: str) -> None:
    session_id = new_session(client, alice)["sessionId"]
    assert rest_send(client, alice, session_id, "hello").status_code == 200
    headers = {**bearer(alice), "X-Session-ID": session_id, "Content-Type": "application/json"}
    response = client.post("/api/chat/message", content=raw.encode(), headers=headers)
    assert response.status_code == 422, response.text
    history = client.get(f"/api/sessions/{session_id}/messages", headers=bearer(alice)).json()
    assert len(history["messages"]) == 2
