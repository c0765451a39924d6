"""Factories for the API tests: sign in, open a session, send a message, check an error body."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx

DEMO_PASSWORD = "Password123!"
SESSION_ID = re.compile(r"^sess_[0-9a-z]+_[0-9a-z]+$")
MESSAGE_ID = re.compile(r"msg_[A-Za-z0-9_-]{16}")
"""A message's public ID: 16 random letters and digits (older rows: URL-safe base64), never the row's number
(pen-test 18.9d)."""
TRANSACTION_ID = re.compile(r"txn_[A-Za-z0-9_-]{16}")
"""A statement line's public ID."""


def bearer(token: str) -> dict[str, str]:
    """The ``Authorization`` header for ``token``."""
    return {"Authorization": f"Bearer {token}"}


def login(client: httpx.Client, username: str, password: str = DEMO_PASSWORD) -> str:
    """Sign in as ``username`` and return a fresh bearer token."""
    response = client.post("/api/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return str(response.json()["accessToken"])


def new_session(client: httpx.Client, token: str, **body: Any) -> dict[str, Any]:
    """Start a conversation and return the 201 body."""
    response = client.post("/api/sessions", json=body, headers=bearer(token))
    assert response.status_code == 201, response.text
    return dict(response.json())


def send(
    client: httpx.Client, token: str, session_id: str | None, content: Any = "help", **body: Any
) -> httpx.Response:
    """POST one chat message (``session_id=None`` leaves the header out)."""
    headers = bearer(token)
    if session_id is not None:
        headers["X-Session-ID"] = session_id
    return client.post("/api/chat/message", json={"content": content, **body}, headers=headers)


def client_id() -> str:
    """A fresh client message ID."""
    return str(uuid.uuid4())


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """``response`` is a JSON ``{detail, code}`` error with ``status`` (and ``code`` when given)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = dict(response.json())
    assert set(body) == {"detail", "code"}, body
    assert isinstance(body["detail"], str)
    assert body["detail"]
    if code is not None:
        assert body["code"] == code, body
    return body
