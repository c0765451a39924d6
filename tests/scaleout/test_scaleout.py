"""PostgreSQL + Redis + two backend workers: every journey works whichever worker each request reaches.

Which worker served a request is read from the operating system (the process that
holds the server end of the connection), so "another worker" is a fact, not a hope.
"""

from __future__ import annotations

import pickle
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import redis
from playwright.sync_api import Browser, Page, expect

from tests.api.helpers import bearer, client_id, login, new_session, send
from tests.e2e import helpers as page_steps
from tests.scaleout.helpers import clients_on_every_worker, hydrate_over_websocket, worker_client
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.scaleout


def _accounts(client: httpx.Client, token: str) -> dict[str, dict[str, int]]:
    """The caller's accounts by kind (``checking``, ``savings``, ``credit``)."""
    response = client.get("/api/accounts", headers=bearer(token))
    assert response.status_code == 200, response.text
    return {a["kind"]: a for a in response.json()}


def _reply(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    return str(response.json()["reply"]["content"])


def _pounds(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def test_every_worker_serves_the_api_and_the_websocket(scaleout_app: LiveServer, redis_url: str) -> None:
    workers = set(scaleout_app.worker_pids())
    assert len(workers) == 2

    clients = clients_on_every_worker(scaleout_app)
    try:
        for client in clients.values():
            health = client.get("/api/health").json()
            assert health == {"status": "ok", "database": "ok", "stateManager": "redis"}
    finally:
        for client in clients.values():
            client.close()

    hydrated: dict[int, str] = {}
    for attempt in range(100):
        token = f"scaleout-{attempt}-{time.monotonic_ns()}"
        hydrated.setdefault(hydrate_over_websocket(scaleout_app, token), token)
        if set(hydrated) == workers:
            break
    assert set(hydrated) == workers
    # Each worker keeps the state it hydrated in Redis, where the other worker finds it.
    keys = [k.decode() for k in redis.Redis.from_url(redis_url).scan_iter(count=1000)]
    for token in hydrated.values():
        assert any(token in k and not k.startswith("token_manager_") for k in keys), (token, keys[:20])


def test_sign_in_and_chat_with_each_request_on_another_worker(scaleout_app: LiveServer) -> None:
    with worker_client(scaleout_app) as one, worker_client(scaleout_app, avoid=one.pid) as other:
        token = login(one, "manager")
        assert other.get("/api/me", headers=bearer(token)).json()["username"] == "manager"
        session_id = new_session(other, token)["sessionId"]

        first = send(one, token, session_id, "hello")
        second = send(other, token, session_id, "what's my balance?")

        assert second.status_code == 200, second.text
        assert second.json()["reply"]["agent"] == "accounts"
        history = one.get(f"/api/sessions/{session_id}/messages", headers=bearer(token)).json()["messages"]
        exchanges = [first.json(), second.json()]
        assert [m["id"] for m in history] == [i for e in exchanges for i in (e["message"]["id"], e["reply"]["id"])]
        # Signing out on one worker signs out on every worker.
        assert other.post("/api/auth/logout", headers=bearer(token)).status_code == 204
        assert one.get("/api/me", headers=bearer(token)).status_code == 401


def test_transfer_read_back_by_one_worker_and_confirmed_on_another_moves_money_once(
    scaleout_app: LiveServer,
) -> None:
    with worker_client(scaleout_app) as one, worker_client(scaleout_app, avoid=one.pid) as other:
        token = login(one, "alice")
        before = _accounts(one, token)
        session_id = new_session(one, token)["sessionId"]

        read_back = _reply(send(one, token, session_id, "transfer 12.34 to savings"))
        assert "Please confirm" in read_back
        assert "£12.34" in read_back
        assert _accounts(other, token) == before  # nothing moves before the "yes"

        confirm = client_id()
        done = send(other, token, session_id, "yes", clientMessageId=confirm)
        assert "Done!" in _reply(done)
        # The same "yes" retried through the first worker is the stored exchange, not a second transfer.
        retried = send(one, token, session_id, "yes", clientMessageId=confirm)
        assert retried.json()["replayed"] is True
        assert retried.json()["reply"]["id"] == done.json()["reply"]["id"]
        # A new "yes" finds nothing waiting.
        assert "Done!" not in _reply(send(one, token, session_id, "yes"))

        after = _accounts(other, token)
    assert after["checking"]["balanceCents"] == before["checking"]["balanceCents"] - 1234
    assert after["savings"]["balanceCents"] == before["savings"]["balanceCents"] + 1234


def test_two_yes_at_once_on_two_workers_send_one_transfer(scaleout_app: LiveServer) -> None:
    with worker_client(scaleout_app) as one, worker_client(scaleout_app, avoid=one.pid) as other:
        token = login(one, "alice")
        before = _accounts(one, token)
        session_id = new_session(one, token)["sessionId"]
        assert "Please confirm" in _reply(send(one, token, session_id, "send 3.21 to savings"))

        start = threading.Barrier(2)

        def say_yes(client: httpx.Client) -> str:
            start.wait(timeout=30)
            return _reply(send(client, token, session_id, "yes"))

        with ThreadPoolExecutor(2) as pool:
            replies = list(pool.map(say_yes, [one, other]))

        after = _accounts(one, token)
    assert any("Done!" in r for r in replies), replies
    references = {line for r in replies for line in r.splitlines() if line.startswith("Reference:")}
    assert len(references) == 1, replies
    assert after["checking"]["balanceCents"] == before["checking"]["balanceCents"] - 321
    assert after["savings"]["balanceCents"] == before["savings"]["balanceCents"] + 321


def test_concurrent_transfers_from_many_sessions_never_overdraw(scaleout_app: LiveServer) -> None:
    customers = 6
    workers = scaleout_app.worker_pids()
    with worker_client(scaleout_app) as client:
        token = login(client, "bob")
        before = _accounts(client, token)
    available = before["checking"]["availableCents"]
    amount = available // 3 + 1  # two fit in what bob has; a third would overdraw
    start = threading.Barrier(customers)

    def customer(n: int) -> tuple[int, str]:
        """One conversation, on the worker ``n`` picks: read-back, then "yes" together with the others."""
        with worker_client(scaleout_app, on=workers[n % len(workers)]) as own:
            session_id = new_session(own, token)["sessionId"]
            read_back = _reply(send(own, token, session_id, f"transfer {_pounds(amount)} to savings"))
            assert "Please confirm" in read_back, read_back
            start.wait(timeout=60)
            return own.pid, _reply(send(own, token, session_id, "yes"))

    with ThreadPoolExecutor(customers) as pool:
        results = list(pool.map(customer, range(customers)))

    done = [pid for pid, reply in results if "Done!" in reply]
    refused = [reply for _, reply in results if "couldn't make that transfer" in reply]
    assert len(done) == 2, results
    assert len(refused) == customers - 2, results
    assert {pid for pid, _ in results} == set(workers)
    with worker_client(scaleout_app) as client:
        after = _accounts(client, token)
    assert after["checking"]["balanceCents"] == before["checking"]["balanceCents"] - 2 * amount
    assert after["checking"]["availableCents"] >= 0
    assert after["savings"]["balanceCents"] == before["savings"]["balanceCents"] + 2 * amount


def _websocket_owner(page: Page, store: redis.Redis, previous_sid: str | None) -> tuple[str, str]:
    """(Reflex instance, socket ID) of the page's websocket, once it is a socket other than ``previous_sid``.

    Reflex registers each tab's socket in Redis with the instance ID of the worker that holds it.
    """
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        token = page.evaluate("() => window.sessionStorage.getItem('token')")
        raw = store.get(f"token_manager_socket_record_{token}")
        if raw is not None:
            record = pickle.loads(raw)  # noqa: S301 - written by the app under test into our own database
            if record.sid != previous_sid:
                return str(record.instance_id), str(record.sid)
        time.sleep(0.1)
    msg = "the page's websocket did not register in Redis"
    raise AssertionError(msg)


def test_browser_stays_signed_in_with_history_across_reloads_on_both_workers(
    scaleout_app: LiveServer, redis_url: str, browser: Browser
) -> None:
    store = redis.Redis.from_url(redis_url)
    context = browser.new_context(base_url=scaleout_app.base_url)
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    said = ["what's my balance", "transfer 1.00 to savings"]

    def reload_and_check(previous_sid: str) -> tuple[str, str]:
        page.reload()
        page.wait_for_url(page_steps.CHAT_URL)
        expect(page.locator("#user-name")).to_have_text("Alice Anderson")
        expect(page.locator(".bubble-user")).to_have_text(said)
        expect(page_steps.bot_messages(page)).to_have_count(len(said))
        return _websocket_owner(page, store, previous_sid)

    try:
        page_steps.sign_in(page, "alice")
        page_steps.new_conversation(page)
        page_steps.send(page, said[0])
        expect(page_steps.bot_messages(page).last.locator(".agent-badge")).to_have_text("accounts")
        page_steps.send(page, said[1])
        expect(page_steps.bot_messages(page).last).to_contain_text("Please confirm")
        read_back_by, sid = _websocket_owner(page, store, None)
        instances = {read_back_by}
        # Each reload opens a new websocket on whichever worker accepts it: reload until the other one has it.
        for _ in range(20):
            instance, sid = reload_and_check(sid)
            instances.add(instance)
            if instance != read_back_by:
                break
        assert len(instances) == 2, "20 reloads all reached the worker that read the transfer back"
        said.append("yes")
        page_steps.send(page, "yes")
        expect(page_steps.bot_messages(page).last).to_contain_text("Done!")
        expect(page_steps.bot_messages(page).last).to_contain_text("£1.00")
        for _ in range(2):
            _, sid = reload_and_check(sid)
    finally:
        context.close()
    assert not errors, errors
