"""The API as a whole: OpenAPI docs, health, and JSON answers for unknown /api paths."""

from __future__ import annotations

import httpx
import pytest

from tests.api.helpers import assert_error, bearer, new_session

pytestmark = pytest.mark.live


def test_get_docs_serves_swagger_ui(client: httpx.Client) -> None:
    response = client.get("/docs")

    assert response.status_code == 200
    assert "swagger-ui" in response.text.lower()


def test_get_openapi_lists_routes_and_bearer_scheme(client: httpx.Client) -> None:
    response = client.get("/openapi.json")

    assert response.status_code == 200
    spec = response.json()
    assert {
        "/api/auth/login",
        "/api/auth/logout",
        "/api/me",
        "/api/auth/session",
        "/api/sessions",
        "/api/sessions/{session_id}",
        "/api/sessions/{session_id}/messages",
        "/api/chat/message",
        "/api/health",
    } <= set(spec["paths"])
    assert spec["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    assert spec["paths"]["/api/me"]["get"]["security"] == [{"BearerToken": []}]
    assert "security" not in spec["paths"]["/api/auth/login"]["post"]
    assert not any(path.startswith("/api/{") for path in spec["paths"])


def test_get_health_is_200(client: httpx.Client) -> None:
    response = client.get("/api/health")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == "ok"


@pytest.mark.parametrize(
    "path", ["/api/nope", "/api", "/api/", "/api?path=sessions", "/api/sessions/a/b/c", "/api/v2/chat/message"]
)
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE"])
def test_request_unknown_api_path_is_json_404(client: httpx.Client, alice: str, path: str, method: str) -> None:
    assert_error(client.request(method, path, headers=bearer(alice)), 404, "not_found")


def test_request_known_path_with_wrong_method_is_json_405(client: httpx.Client, alice: str) -> None:
    response = client.put("/api/sessions", headers=bearer(alice))

    assert_error(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "GET, POST"


def test_post_health_is_json_405(client: httpx.Client) -> None:
    assert_error(client.post("/api/health"), 405, "method_not_allowed")


def test_get_front_page_still_served_by_reflex(client: httpx.Client) -> None:
    response = client.get("/")

    assert response.status_code == 200, (response.headers, response.text[:300])
    assert "text/html" in response.headers["content-type"], (response.headers, response.text[:300])


DEEP = b'{"metadata": ' + b'{"a": ' * 500 + b"1" + b"}" * 500 + b"}"
DEEPER = b'{"metadata": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5000 + b"}"


@pytest.mark.parametrize(
    ("path", "raw", "status"),
    [
        ("/api/chat/message", rb'{"content": "hi \ud800 there"}', 422),
        ("/api/chat/message", rb'{"content": "hi", "clientMessageId": "\udfff"}', 422),
        ("/api/chat/message", b"\xff\xfe not json", 400),
        ("/api/auth/login", rb'{"username": "\ud800", "password": "x"}', 422),
        ("/api/auth/login", rb'{"username": "alice", "password": "\ud800"}', 422),
        ("/api/auth/session", rb'{"username": "\ud800", "password": "x"}', 422),
        ("/api/sessions", rb'{"metadata": {"\ud800": "x"}}', 422),
        ("/api/sessions", rb'{"userId": "\ud800"}', 422),
        ("/api/sessions", DEEP, 422),
        ("/api/sessions", DEEPER, 400),
    ],
)
def test_post_malformed_text_or_nesting_is_client_error(
    client: httpx.Client, alice: str, path: str, raw: bytes, status: int
) -> None:
    session_id = new_session(client, alice)["sessionId"]
    headers = {**bearer(alice), "Content-Type": "application/json", "X-Session-ID": session_id}

    assert_error(client.post(path, content=raw, headers=headers), status)
    assert client.get(f"/api/sessions/{session_id}/messages", headers=bearer(alice)).json()["messages"] == []


@pytest.mark.parametrize("path", ["/api/sessions/%ED%A0%80", "/api/sessions/%FF%FE/messages", "/api/%FF"])
def test_get_path_with_invalid_utf8_is_json_404(client: httpx.Client, alice: str, path: str) -> None:
    assert_error(client.get(path, headers=bearer(alice)), 404)


def test_post_json_without_json_content_type_is_422(client: httpx.Client, alice: str) -> None:
    headers = {**bearer(alice), "Content-Type": "text/plain"}

    assert_error(client.post("/api/sessions", content=b'{"userId": "bob"}', headers=headers), 422)
