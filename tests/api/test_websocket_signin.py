"""Pen-test 18.3 and 18.4 replayed over the real websocket: a client token is not a sign-in,
and signing out leaves nothing behind for whoever presents the tab's token next."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from benchmarks.reflex_client import ReflexClient
from tests.api.helpers import bearer, login
from tests.api.ws import AUTH, CHAT, CONSOLE, RecordingClient, call, seen, send, web_cookie
from tests.support.live_server import LiveServer
from tests.support.markers import unique_text

pytestmark = pytest.mark.live


def _balances(client: httpx.Client, token: str) -> dict[int, int]:
    response = client.get("/api/accounts", headers=bearer(token))
    assert response.status_code == 200, response.text
    return {a["id"]: a["balanceCents"] for a in response.json()}


def _all_messages(client: httpx.Client, token: str) -> str:
    sessions = client.get("/api/sessions", headers=bearer(token)).json()
    pages = [client.get(f"/api/sessions/{s['sessionId']}/messages", headers=bearer(token)).json() for s in sessions]
    return json.dumps(pages)


def _signed_out(tab: ReflexClient, *private: str) -> None:
    """The tab's first update holds no user and none of ``private``."""
    delta = seen(tab)
    assert tab.last_delta[tab.state_name(AUTH)].get("username_rx_state_", "") == ""
    for text in private:
        assert text not in delta, f"{text!r} reached a tab with no sign-in"


async def _stolen_token(base_url: str, marker: str) -> str:
    async with await RecordingClient.open(base_url, pathname="/chat", cookie=web_cookie(base_url, "alice")) as tab:
        await send(tab, marker)
        token = tab.token
    # The tab is gone. Its token (sessionStorage, or once the log) is all the thief has: no cookie.
    async with await RecordingClient.open(base_url, pathname="/chat", token=token) as thief:
        assert thief.token == token
        _signed_out(thief, marker, "Alice")
        for text in ("send 1 to savings", "yes"):
            answer = await call(thief, CHAT, "send", {"form_data": {"message": text}}, "/login")
            assert marker not in answer
    return token


def test_stolen_client_token_without_cookie_reads_nothing_and_moves_no_money(live_app: LiveServer) -> None:
    marker = unique_text("alice private")
    with httpx.Client(base_url=live_app.base_url, timeout=30) as client:
        api = login(client, "alice")
        before = _balances(client, api)
        token = asyncio.run(_stolen_token(live_app.base_url, marker))
        assert _balances(client, api) == before
        history = _all_messages(client, api)
    assert marker in history, "the owner's message was not stored: the replay proves nothing"
    assert "send 1 to savings" not in history
    assert token not in live_app.log_path.read_text(errors="replace"), "a client token reached the log"


async def _customer_signs_out(base_url: str, marker: str) -> None:
    cookie = web_cookie(base_url, "bob")
    async with await RecordingClient.open(base_url, pathname="/chat", cookie=cookie) as tab:
        await send(tab, marker)
        await call(tab, AUTH, "logout", {}, "bankchat.logout")
        token = tab.token
    for old_cookie in (cookie, None):  # the revoked cookie still in a jar, or none at all
        async with await RecordingClient.open(base_url, pathname="/chat", cookie=old_cookie, token=token) as again:
            assert again.token == token
            _signed_out(again, marker, "Bob")


def test_customer_logout_leaves_no_messages_for_the_old_token(live_app: LiveServer) -> None:
    asyncio.run(_customer_signs_out(live_app.base_url, unique_text("bob private")))


async def _manager_signs_out(base_url: str, marker: str) -> None:
    async with await RecordingClient.open(base_url, pathname="/chat", cookie=web_cookie(base_url, "alice")) as alice:
        await send(alice, marker)
    cookie = web_cookie(base_url, "manager")
    async with await RecordingClient.open(base_url, pathname="/console", cookie=cookie) as tab:
        console = tab.state_name(CONSOLE)
        answer = await tab.call(f"{console}.open_session", {"ref": 0}, _transcript_done, pathname="/console")
        assert "transcript_customer_rx_state_" in answer.last
        customer = json.loads(answer.last.split(",", 1)[1])[1]["delta"][console]["transcript_customer_rx_state_"]
        assert customer, "the console opened no transcript: the replay proves nothing"
        await tab.call(f"{tab.state_name(AUTH)}.logout", {}, _logout_done, pathname="/console")
        token = tab.token
    for old_cookie in (cookie, None):
        async with await RecordingClient.open(base_url, pathname="/console", cookie=old_cookie, token=token) as again:
            assert again.token == token
            _signed_out(again, customer, "Morgan")
            assert again.last_delta[console].get("transcript_rx_state_", []) == []
            assert again.last_delta[console].get("sessions_rx_state_", []) == []


def _transcript_done(frame: str) -> bool:
    return '"transcript_customer_rx_state_"' in frame


def _logout_done(frame: str) -> bool:
    return "bankchat.logout" in frame


def test_manager_logout_leaves_no_transcript_or_names_for_the_old_token(live_app: LiveServer) -> None:
    asyncio.run(_manager_signs_out(live_app.base_url, unique_text("for the console")))
