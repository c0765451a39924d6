"""Pen-test 18.9a/b: API answers are never cached; the sign-in cookie is Secure whenever HTTPS was used."""

from __future__ import annotations

import httpx
import pytest
from starlette.requests import Request

from bankchat.api.client import came_over_https, cookie_secure
from tests.api.helpers import DEMO_PASSWORD, bearer
from tests.factories import settings_env

CREDENTIALS = {"username": "bob", "password": DEMO_PASSWORD}


# --- 9a: Cache-Control: no-store on every /api answer -------------------------------------


def test_api_answers_carry_no_store_errors_included(client: httpx.Client, bob: str) -> None:
    answers = {
        "health": client.get("/api/health"),
        "login": client.post("/api/auth/login", json=CREDENTIALS),
        "wrong login": client.post("/api/auth/login", json={**CREDENTIALS, "password": "Wrong-1234"}),
        "me": client.get("/api/me", headers=bearer(bob)),
        "accounts": client.get("/api/accounts", headers=bearer(bob)),
        "no token": client.get("/api/accounts"),
        "unknown route": client.get("/api/no/such/route", headers=bearer(bob)),
        "too large": client.post("/api/auth/login", content=b"x" * (300 * 1024), headers={"content-type": "x"}),
        "logout": client.post("/api/auth/logout", headers=bearer(bob)),
    }
    statuses = {name: a.status_code for name, a in answers.items()}
    assert statuses == {
        "health": 200,
        "login": 200,
        "wrong login": 401,
        "me": 200,
        "accounts": 200,
        "no token": 401,
        "unknown route": 404,
        "too large": 413,
        "logout": 204,
    }
    assert {name: a.headers.get("cache-control") for name, a in answers.items()} == dict.fromkeys(answers, "no-store")


# --- 9b: Secure sign-in cookie behind HTTPS -------------------------------------------------


def _web_sign_in(client: httpx.Client, **headers: str) -> str:
    origin = str(client.base_url).rstrip("/")
    response = client.post("/api/auth/session", json=CREDENTIALS, headers={"Origin": origin, **headers})
    assert response.status_code == 200, response.text
    client.cookies.clear()
    return response.headers["set-cookie"]


def test_sign_in_cookie_secure_when_trusted_proxy_says_https(client: httpx.Client) -> None:
    """The live app trusts its proxy (tests/conftest.py): ``X-Forwarded-Proto: https`` makes the cookie Secure."""
    over_https = _web_sign_in(client, **{"X-Forwarded-Proto": "https"})
    over_http = _web_sign_in(client)

    assert "secure" in [part.strip().lower() for part in over_https.split(";")]
    assert "httponly" in over_https.lower()
    assert "secure" not in over_http.lower()


def _request(scheme: str, **headers: str) -> Request:
    raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    return Request({"type": "http", "scheme": scheme, "path": "/", "headers": raw, "server": ("bank", 443)})


@pytest.mark.parametrize(
    ("scheme", "headers", "trusted", "secure"),
    [
        ("https", {}, False, True),
        ("http", {}, True, False),
        ("http", {"X-Forwarded-Proto": "https"}, True, True),
        ("http", {"X-Forwarded-Proto": "HTTPS, http"}, True, True),
        ("http", {"X-Forwarded-Proto": "https"}, False, False),  # anyone can send the header
        ("http", {"X-Forwarded-Proto": "http"}, True, False),
    ],
)
def test_came_over_https(scheme: str, headers: dict[str, str], trusted: bool, secure: bool) -> None:
    with settings_env(BANKCHAT_TRUST_FORWARDED_FOR=str(trusted).lower(), BANKCHAT_COOKIE_SECURE="false"):
        assert came_over_https(_request(scheme, **headers)) is secure
        assert cookie_secure(_request(scheme, **headers)) is secure


def test_cookie_secure_setting_forces_secure_over_http() -> None:
    with settings_env(BANKCHAT_COOKIE_SECURE="true", BANKCHAT_TRUST_FORWARDED_FOR="false"):
        assert cookie_secure(_request("http")) is True
