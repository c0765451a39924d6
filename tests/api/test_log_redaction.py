"""Pen-test 18.6: hostile traffic leaves no cookie or token in the app's log (its own server and log file).

Reflex logs an event naming an unknown handler with its whole router data, the
request's headers and the sign-in cookie included; bankchat.logs redacts every
record of the process. The test greps the log for pieces of every secret sent,
since Reflex's console wraps long lines.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from benchmarks.reflex_client import ProtocolError, ReflexClient, marker_done
from tests.api.helpers import DEMO_PASSWORD, bearer, login
from tests.support.live_server import LiveServer

UNKNOWN = ("No registered handler found for event", "Refused a websocket event")
"""What Reflex logs for an event no handler has, or bankchat.state.guard once it refuses such events first."""


@pytest.fixture(scope="module")
def server(tmp_root: Path) -> Iterator[LiveServer]:
    """The app on a database and log of its own: this test makes it log errors on purpose."""
    app = LiveServer(db_url=f"sqlite:///{tmp_root / 'redaction.db'}", log_path=tmp_root / "redaction.log")
    app.start()
    yield app
    app.stop()


def _pieces(secret: str) -> list[str]:
    """Fragments of a secret's random part: any one of them in the log is a leak, wrapped or not."""
    random_part = secret.split("_", 1)[-1]
    return [random_part[i : i + 10] for i in range(0, len(random_part) - 9, 5)]


def _unknown_logged(log: str) -> int:
    return sum(log.count(text) for text in UNKNOWN)


def _wait_for_unknown(app: LiveServer, count: int, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    while True:
        log = app.log_path.read_text(errors="replace")
        if _unknown_logged(log) >= count or time.monotonic() > deadline:
            return log
        time.sleep(0.2)


async def _unknown_events(base_url: str, cookie: str, secrets_sent: dict[str, str]) -> None:
    """A signed-in tab sends events no handler has, carrying tokens in the payload and in the name."""
    async with await ReflexClient.open(base_url, pathname="/chat", cookie=cookie) as tab:
        chat = tab.state_name("chat_state")
        events = [
            (f"{chat}.no_such_handler", {"accessToken": secrets_sent["api token"], "password": DEMO_PASSWORD}),
            (f"{chat}.{secrets_sent['forged bearer']}", {}),
            ("reflex___state____state.nope.evil", {"authorization": f"Bearer {secrets_sent['api token']}"}),
        ]
        for name, payload in events:
            with pytest.raises(ProtocolError):  # nothing answers an unknown handler
                await tab.call(name, payload, marker_done("never"), pathname="/chat", timeout=2)
    forged = f"bankchat_auth={secrets_sent['forged cookie']}"
    async with await ReflexClient.open(base_url, pathname="/chat", cookie=forged) as tab:
        with pytest.raises(ProtocolError):
            await tab.call("reflex___state____state.x.y", {}, marker_done("never"), pathname="/chat", timeout=2)


def test_hostile_traffic_leaves_no_cookie_or_token_in_the_log(server: LiveServer) -> None:
    base = server.base_url
    with httpx.Client(base_url=base, timeout=30, headers={"Origin": base}) as client:
        web = client.post("/api/auth/session", json={"username": "alice", "password": DEMO_PASSWORD})
        assert web.status_code == 200, web.text
        sent = {
            "sign-in cookie": web.cookies["bankchat_auth"],
            "api token": login(client, "bob"),
            "forged bearer": "bct_" + secrets.token_urlsafe(32),
            "forged cookie": "bct_" + secrets.token_urlsafe(32),
            "odd bearer": secrets.token_hex(24),
        }
        client.cookies.clear()
        for header in (
            bearer(sent["forged bearer"]),
            bearer(sent["odd bearer"]),
            {"Authorization": "Basic " + sent["odd bearer"]},
            {"Authorization": "Bearer " + sent["api token"] + "'\"<>"},
        ):
            assert client.get("/api/me", headers=header).status_code == 401
        cookies = {"Cookie": f"bankchat_auth={sent['forged cookie']}; bankchat_auth=; other={sent['odd bearer']}"}
        assert client.get("/api/me", headers=cookies).status_code == 401
        assert client.post("/api/auth/session/logout", headers=cookies).status_code == 204
        assert client.get("/chat", headers=cookies).status_code < 400

    asyncio.run(_unknown_events(base, f"bankchat_auth={sent['sign-in cookie']}; theme=dark", sent))

    log = _wait_for_unknown(server, 4)
    assert _unknown_logged(log) >= 4, "the unknown events were not logged: the test proves nothing"
    leaked = sorted(name for name, value in sent.items() for piece in _pieces(value) if piece in log)
    assert not leaked, f"secrets in {server.log_path}: {leaked}"
