"""The backend crashes mid-conversation (main process and every worker killed) and a supervisor starts it again:
nothing is lost.

Granian replaces one dead worker by itself (bankchat/workers.py, test_worker_respawn.py),
but nothing inside the backend replaces its main process, so production runs it under a
supervisor (README, "Production"). Here the main process and the workers are killed with
SIGKILL while two customers each have a transfer read back and waiting for "yes" (one over
the REST API, one in a browser), then the backend is started again on the same PostgreSQL
database and Redis database, as the supervisor would. Each "yes" then moves the money
exactly once, the history is whole, and another "yes" moves nothing.
"""

from __future__ import annotations

import os
import re
import signal
from typing import Any

import httpx
import psutil
import pytest
from playwright.sync_api import Browser, expect

from tests.api.helpers import bearer, client_id, login, new_session, send
from tests.e2e import helpers as page_steps
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.scaleout

AMOUNT_CENTS = 2500
RECONNECT_FAILED = re.compile(r"WebSocket connection to '\S+/_event/\S*' failed: .*net::ERR_CONNECTION_(REFUSED|RESET)")
EXIT_WAIT_S = 20


def _accounts(client: httpx.Client, token: str) -> dict[str, dict[str, Any]]:
    """The caller's accounts by kind (``checking``, ``savings``, ``credit``)."""
    response = client.get("/api/accounts", headers=bearer(token))
    assert response.status_code == 200, response.text
    return {a["kind"]: a for a in response.json()}


def _statement(client: httpx.Client, token: str, account_id: int) -> list[dict[str, Any]]:
    """The account's latest ledger lines, newest first."""
    response = client.get(f"/api/accounts/{account_id}/transactions", params={"limit": 50}, headers=bearer(token))
    assert response.status_code == 200, response.text
    return list(response.json()["transactions"])


def _ledger(client: httpx.Client, token: str) -> dict[str, list[dict[str, Any]]]:
    """Checking's and savings' latest ledger lines."""
    accounts = _accounts(client, token)
    return {kind: _statement(client, token, accounts[kind]["id"]) for kind in ("checking", "savings")}


def _new_lines(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[int]:
    """The amounts of the lines booked since ``before`` was read."""
    seen = {line["id"] for line in before}
    return [line["amountCents"] for line in after if line["id"] not in seen]


def _reply(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    return str(response.json()["reply"]["content"])


def _crash_and_restart(app: LiveServer) -> None:
    """SIGKILL the backend's main process and every worker at once; then start it again (the supervisor's job)."""
    assert app.proc is not None
    workers = app.worker_pids()
    assert len(workers) >= 2, workers
    processes = [psutil.Process(pid) for pid in (app.proc.pid, *workers)]
    os.killpg(app.proc.pid, signal.SIGKILL)  # the process group: `reflex run` (granian's main process), its workers
    app.proc.wait(timeout=EXIT_WAIT_S)
    _gone, alive = psutil.wait_procs(processes, timeout=EXIT_WAIT_S)
    assert not alive, alive
    app.start()  # same port, same PostgreSQL and Redis databases; waits until every worker is ready
    assert not set(app.worker_pids()) & set(workers)


def test_worker_crash_mid_conversation_loses_nothing(scaleout_app: LiveServer, browser: Browser) -> None:
    context = browser.new_context(base_url=scaleout_app.base_url)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page_errors: list[str] = []
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page_errors.append(str(e)))
    try:
        # Bob, in the browser: a transfer read back, waiting for "yes".
        page_steps.sign_in(page, "bob")
        page_steps.new_conversation(page)
        page_steps.send(page, "send 25 to savings")
        expect(page_steps.bot_messages(page).last).to_contain_text("Please confirm")
        # Alice, over the REST API: the same, in her own conversation.
        with httpx.Client(base_url=scaleout_app.base_url, timeout=30) as api:
            alice = login(api, "alice")
            bob = login(api, "bob")
            before = {"alice": _accounts(api, alice), "bob": _accounts(api, bob)}
            ledger_before = {"alice": _ledger(api, alice), "bob": _ledger(api, bob)}
            session_id = new_session(api, alice)["sessionId"]
            read_back = _reply(send(api, alice, session_id, "send 25 to savings"))
            assert "Please confirm" in read_back
            assert "£25.00" in read_back
            history_before = api.get(f"/api/sessions/{session_id}/messages", headers=bearer(alice)).json()
        assert len(history_before["messages"]) == 2

        _crash_and_restart(scaleout_app)

        with httpx.Client(base_url=scaleout_app.base_url, timeout=30) as api:
            # Signed in still (the sessions live in PostgreSQL), nothing moved yet.
            assert api.get("/api/me", headers=bearer(alice)).status_code == 200
            assert _accounts(api, alice) == before["alice"]
            assert _accounts(api, bob) == before["bob"]

            confirm = client_id()
            done = send(api, alice, session_id, "yes", clientMessageId=confirm)
            assert "Done!" in _reply(done)
            assert "£25.00" in _reply(done)
            # The same "yes" retried is the stored exchange; a new "yes" finds nothing waiting.
            retried = send(api, alice, session_id, "yes", clientMessageId=confirm)
            assert retried.json()["replayed"] is True
            assert retried.json()["reply"]["id"] == done.json()["reply"]["id"]
            assert "Done!" not in _reply(send(api, alice, session_id, "yes"))

            history = api.get(f"/api/sessions/{session_id}/messages", headers=bearer(alice)).json()["messages"]
            assert [m["id"] for m in history[:2]] == [m["id"] for m in history_before["messages"]]
            assert [m["role"] for m in history] == ["user", "assistant"] * 3
            assert [m["content"] for m in history if m["role"] == "user"] == ["send 25 to savings", "yes", "yes"]

        # Bob's open page reconnects by itself and goes on where it was.
        page_steps.send(page, "yes", timeout=60_000)
        expect(page_steps.bot_messages(page).last).to_contain_text("Done!")
        expect(page_steps.bot_messages(page).last).to_contain_text("£25.00")
        page_steps.send(page, "yes")
        expect(page_steps.bot_messages(page).last).not_to_contain_text("Done!")
        page.reload()
        page.wait_for_url(page_steps.CHAT_URL)
        expect(page.locator("#user-name")).to_have_text("Bob Brown")
        expect(page.locator(".bubble-user")).to_have_text(["send 25 to savings", "yes", "yes"])
        expect(page_steps.bot_messages(page)).to_have_count(3)

        with httpx.Client(base_url=scaleout_app.base_url, timeout=30) as api:
            for name, token in (("alice", alice), ("bob", bob)):
                after = _accounts(api, token)
                ledger = _ledger(api, token)
                was = before[name]
                assert after["checking"]["balanceCents"] == was["checking"]["balanceCents"] - AMOUNT_CENTS, name
                assert after["savings"]["balanceCents"] == was["savings"]["balanceCents"] + AMOUNT_CENTS, name
                assert after["credit"] == was["credit"], name
                # Exactly one ledger line each side: the money moved once.
                assert _new_lines(ledger_before[name]["checking"], ledger["checking"]) == [-AMOUNT_CENTS], name
                assert _new_lines(ledger_before[name]["savings"], ledger["savings"]) == [AMOUNT_CENTS], name
    finally:
        context.close()
    assert not page_errors, page_errors
    # While the backend was down or starting, the page's socket kept retrying and Chromium logged each failed
    # attempt (refused, or reset during the handshake): expected. Anything else is not.
    unexpected = [e for e in console_errors if not RECONNECT_FAILED.match(e)]
    assert not unexpected, unexpected
