"""The websocket (Reflex's /_event) accepts the configured front end's Origin and refuses others."""

from __future__ import annotations

import base64
import os
import socket
from urllib.parse import urlparse

import pytest

from tests.support.live_server import LiveServer

pytestmark = pytest.mark.live


def _handshake_status(base_url: str, origin: str) -> int:
    """The HTTP status of a websocket upgrade to /_event sent with ``origin``."""
    url = urlparse(base_url)
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET /_event/?EIO=4&transport=websocket HTTP/1.1\r\n"
        f"Host: {url.netloc}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        f"Origin: {origin}\r\n\r\n"
    )
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock:
        sock.sendall(request.encode())
        status_line = sock.recv(4096).split(b"\r\n", 1)[0].decode()
    return int(status_line.split()[1])


def test_websocket_accepts_front_end_origin(live_app: LiveServer) -> None:
    assert _handshake_status(live_app.base_url, live_app.base_url) == 101


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://localhost:1"])
def test_websocket_refuses_foreign_origin(live_app: LiveServer, origin: str) -> None:
    assert _handshake_status(live_app.base_url, origin) in (400, 403)
