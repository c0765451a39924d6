"""Sign-in over real HTTP: bearer tokens, /me, and the browser's cookie routes."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from tests.api.helpers import DEMO_PASSWORD, assert_error, bearer, login
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.live

EVIL_ORIGIN = "https://evil.example"


def test_login_user_returns_bearer_token_and_public_user(client: httpx.Client) -> None:
    response = client.post("/api/auth/login", json={"username": "alice", "password": DEMO_PASSWORD})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"accessToken", "tokenType", "expiresAt", "user"}
    assert body["tokenType"] == "bearer"
    assert len(body["accessToken"]) >= 32
    assert datetime.fromisoformat(body["expiresAt"]) > datetime.now(UTC)
    assert body["user"]["username"] == "alice"
    assert body["user"]["displayName"] == "Alice Anderson"
    assert body["user"]["role"] == "customer"
    assert isinstance(body["user"]["id"], int)
    assert set(body["user"]) == {"id", "username", "displayName", "role"}


def test_login_user_twice_issues_different_tokens(client: httpx.Client) -> None:
    assert login(client, "bob") != login(client, "bob")


def test_login_user_wrong_password_or_unknown_user_gives_identical_401(client: httpx.Client) -> None:
    wrong_password = client.post("/api/auth/login", json={"username": "alice", "password": "nope-nope"})
    unknown_user = client.post("/api/auth/login", json={"username": "nobody-here", "password": DEMO_PASSWORD})

    assert_error(wrong_password, 401, "invalid_credentials")
    assert_error(unknown_user, 401, "invalid_credentials")
    assert wrong_password.json() == unknown_user.json()
    assert wrong_password.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"username": 123, "password": DEMO_PASSWORD}, 422),
        ({"username": "alice"}, 422),
        ({"username": "alice", "password": ["Password123!"]}, 422),
        ({"username": "ali\x00ce", "password": DEMO_PASSWORD}, 422),
        ({"username": "alice", "password": "Pass\x00word123!"}, 401),
        ({"username": "alice", "password": "x" * 5000}, 401),
        ({"username": "a" * 5000, "password": DEMO_PASSWORD}, 401),
        ([], 422),
    ],
)
def test_login_user_bad_body_is_client_error(client: httpx.Client, body: object, status: int) -> None:
    assert_error(client.post("/api/auth/login", json=body), status)


def test_login_user_malformed_json_is_422(client: httpx.Client) -> None:
    response = client.post(
        "/api/auth/login", content=b'{"username": "alice", ', headers={"Content-Type": "application/json"}
    )

    assert_error(response, 422, "invalid_request")


def test_get_me_with_token_returns_user(client: httpx.Client, alice: str) -> None:
    response = client.get("/api/me", headers=bearer(alice))

    assert response.status_code == 200
    assert response.json()["username"] == "alice"
    assert set(response.json()) == {"id", "username", "displayName", "role"}


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-real-token"}, {"Authorization": "Basic YWxpY2U6eA=="}, {"Authorization": ""}],
)
def test_get_me_without_valid_token_is_401(client: httpx.Client, headers: dict[str, str]) -> None:
    assert_error(client.get("/api/me", headers=headers), 401, "invalid_token")


def test_logout_token_revokes_it(client: httpx.Client) -> None:
    token = login(client, "alice")
    assert client.get("/api/me", headers=bearer(token)).status_code == 200

    response = client.post("/api/auth/logout", headers=bearer(token))

    assert response.status_code == 204
    assert response.content == b""
    assert_error(client.get("/api/me", headers=bearer(token)), 401, "invalid_token")
    assert_error(client.post("/api/sessions", json={}, headers=bearer(token)), 401, "invalid_token")
    assert_error(client.post("/api/auth/logout", headers=bearer(token)), 401, "invalid_token")


def test_logout_token_leaves_other_tokens_alive(client: httpx.Client) -> None:
    first, second = login(client, "bob"), login(client, "bob")

    assert client.post("/api/auth/logout", headers=bearer(first)).status_code == 204

    assert client.get("/api/me", headers=bearer(second)).status_code == 200


# --- the browser's cookie routes ------------------------------------------------


def _web_sign_in(client: httpx.Client, origin: str | None) -> httpx.Response:
    headers = {"Origin": origin} if origin else {}
    return client.post("/api/auth/session", json={"username": "alice", "password": DEMO_PASSWORD}, headers=headers)


def test_open_web_session_sets_httponly_cookie(client: httpx.Client, live_app: LiveServer) -> None:
    response = _web_sign_in(client, live_app.base_url)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"user", "expiresAt"}
    assert body["user"]["username"] == "alice"
    set_cookie = response.headers["set-cookie"]
    assert set_cookie.startswith("bankchat_auth=")
    attributes = {part.strip().split("=")[0].lower() for part in set_cookie.split(";")}
    assert {"httponly", "path", "max-age", "samesite"} <= attributes
    assert "samesite=lax" in set_cookie.lower()
    assert "path=/" in set_cookie.lower()
    token = response.cookies["bankchat_auth"]
    assert token not in response.text
    assert client.get("/api/me", headers=bearer(token)).json()["username"] == "alice"


def test_open_web_session_without_origin_header_is_200(client: httpx.Client) -> None:
    assert _web_sign_in(client, None).status_code == 200


def test_open_web_session_from_own_host_origin_is_200(live_app: LiveServer) -> None:
    # Not the configured front-end origin, but the origin the request was sent to.
    own = f"http://127.0.0.1:{live_app.port}"
    with httpx.Client(base_url=own, timeout=30) as other_host:
        assert _web_sign_in(other_host, own).status_code == 200
        assert_error(_web_sign_in(other_host, f"http://127.0.0.1:{live_app.port + 1}"), 403, "bad_origin")


@pytest.mark.parametrize("origin", [EVIL_ORIGIN, "null", "http://localhost.evil.example"])
def test_open_web_session_from_foreign_origin_is_403(client: httpx.Client, origin: str) -> None:
    response = _web_sign_in(client, origin)

    assert_error(response, 403, "bad_origin")
    assert "set-cookie" not in response.headers


def test_open_web_session_wrong_password_is_401_without_cookie(client: httpx.Client) -> None:
    response = client.post("/api/auth/session", json={"username": "alice", "password": "wrong-one"})

    assert_error(response, 401, "invalid_credentials")
    assert "set-cookie" not in response.headers


def test_close_web_session_revokes_and_clears_cookie(client: httpx.Client, live_app: LiveServer) -> None:
    token = _web_sign_in(client, live_app.base_url).cookies["bankchat_auth"]
    assert client.cookies.get("bankchat_auth") == token

    response = client.post("/api/auth/session/logout", headers={"Origin": live_app.base_url})

    assert response.status_code == 204
    set_cookie = response.headers["set-cookie"].lower()
    assert set_cookie.startswith("bankchat_auth=")
    assert "max-age=0" in set_cookie
    assert client.cookies.get("bankchat_auth") is None
    assert_error(client.get("/api/me", headers=bearer(token)), 401, "invalid_token")


def test_close_web_session_without_cookie_is_204(client: httpx.Client) -> None:
    assert client.post("/api/auth/session/logout").status_code == 204


def test_close_web_session_from_foreign_origin_is_403_and_keeps_sign_in(client: httpx.Client) -> None:
    token = _web_sign_in(client, None).cookies["bankchat_auth"]

    assert_error(client.post("/api/auth/session/logout", headers={"Origin": EVIL_ORIGIN}), 403, "bad_origin")

    assert client.get("/api/me", headers=bearer(token)).status_code == 200
