"""The websocket (Reflex's /_event) and the cookie routes accept the page's own origin under any
address, and the configured front-end origins; they refuse every other origin."""

from __future__ import annotations

import base64
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest

from tests.api.helpers import DEMO_PASSWORD, assert_error
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.live

CONFIGURED = ("http://front-a.example", "https://front-b.example:8443")


def _handshake_status(base_url: str, origin: str, host: str | None = None) -> int:
    """The HTTP status of a websocket upgrade to /_event sent with ``origin`` (and ``Host: host``)."""
    url = urlparse(base_url)
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET /_event/?EIO=4&transport=websocket HTTP/1.1\r\n"
        f"Host: {host or url.netloc}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        f"Origin: {origin}\r\n\r\n"
    )
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(request.encode())
        status_line = sock.recv(4096).split(b"\r\n", 1)[0].decode()
    return int(status_line.split()[1])


@pytest.fixture(scope="module")
def elsewhere_app(tmp_root: Path) -> Iterator[LiveServer]:
    """``reflex run`` on a port of its own, configured for two other front ends (none of its own addresses)."""
    server = LiveServer(
        db_url=f"sqlite:///{tmp_root / 'origins.db'}",
        log_path=tmp_root / "origins-app.log",
        env={"BANKCHAT_FRONTEND_ORIGIN": ", ".join(CONFIGURED)},
    )
    server.start()
    yield server
    server.stop()
    assert not server.server_errors()


def test_websocket_accepts_front_end_origin(live_app: LiveServer) -> None:
    assert _handshake_status(live_app.base_url, live_app.base_url) == 101


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://localhost:1"])
def test_websocket_refuses_foreign_origin(live_app: LiveServer, origin: str) -> None:
    assert _handshake_status(live_app.base_url, origin) in (400, 403)


@pytest.mark.parametrize("hostname", ["localhost", "127.0.0.1", "bankbox.lan"])
def test_websocket_accepts_the_page_origin_under_any_host_name(elsewhere_app: LiveServer, hostname: str) -> None:
    host = f"{hostname}:{elsewhere_app.port}"

    assert _handshake_status(elsewhere_app.base_url, f"http://{host}", host=host) == 101


def test_websocket_accepts_the_page_origin_through_another_port(elsewhere_app: LiveServer) -> None:
    # A port forward (ssh -L 8080:…, a container's published port): the browser's Host says 8080.
    assert _handshake_status(elsewhere_app.base_url, "http://localhost:8080", host="localhost:8080") == 101


@pytest.mark.parametrize("origin", CONFIGURED)
def test_websocket_accepts_each_configured_origin(elsewhere_app: LiveServer, origin: str) -> None:
    assert _handshake_status(elsewhere_app.base_url, origin) == 101


@pytest.mark.parametrize(
    "origin", ["http://evil.example", "null", "http://localhost:1", "http://front-a.example:81", "http://bankbox.lan"]
)
def test_websocket_refuses_foreign_origin_at_any_address(elsewhere_app: LiveServer, origin: str) -> None:
    host = f"bankbox.lan:{elsewhere_app.port}"

    assert _handshake_status(elsewhere_app.base_url, origin, host=host) in (400, 403)


@pytest.mark.parametrize("origin", ["http://127.0.0.1:{port}", CONFIGURED[1]])
def test_cookie_sign_in_accepts_own_and_configured_origins(elsewhere_app: LiveServer, origin: str) -> None:
    own = f"http://127.0.0.1:{elsewhere_app.port}"
    with httpx.Client(base_url=own, timeout=30) as client:
        response = client.post(
            "/api/auth/session",
            json={"username": "alice", "password": DEMO_PASSWORD},
            headers={"Origin": origin.format(port=elsewhere_app.port)},
        )

    assert response.status_code == 200


def test_cookie_sign_in_refuses_foreign_origin(elsewhere_app: LiveServer) -> None:
    with httpx.Client(base_url=f"http://127.0.0.1:{elsewhere_app.port}", timeout=30) as client:
        response = client.post(
            "/api/auth/session",
            json={"username": "alice", "password": DEMO_PASSWORD},
            headers={"Origin": "http://evil.example"},
        )

    assert_error(response, 403, "bad_origin")
