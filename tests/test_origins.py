"""bankchat.origins: the page's own origin under any address, configured origins, nothing else."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bankchat import origins
from bankchat.settings import get_settings


@pytest.fixture(autouse=True)
def configured(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Two configured front ends, one with a trailing slash and capitals."""
    monkeypatch.setenv("BANKCHAT_FRONTEND_ORIGIN", "http://localhost:3000, https://Chat.Example.com/")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_settings_read_a_comma_separated_list_of_origins() -> None:
    assert get_settings().frontend_origins == ("http://localhost:3000", "https://chat.example.com")


@pytest.mark.parametrize(
    ("origin", "host"),
    [
        ("http://localhost:8123", "localhost:8123"),
        ("http://127.0.0.1:8123", "127.0.0.1:8123"),
        ("http://bankbox.lan:9000", "bankbox.lan:9000"),
        ("http://BankBox.lan:9000/", "bankbox.lan:9000"),
    ],
)
def test_is_trusted_accepts_the_origin_the_request_was_addressed_to(origin: str, host: str) -> None:
    assert origins.is_trusted(origin, host=host, schemes={"http"})


@pytest.mark.parametrize("origin", ["http://localhost:3000", "https://chat.example.com"])
def test_is_trusted_accepts_configured_origins_from_any_address(origin: str) -> None:
    assert origins.is_trusted(origin, host="127.0.0.1:8000", schemes={"http"})


@pytest.mark.parametrize(
    "origin",
    ["http://evil.example", "null", "", None, "http://localhost:1", "https://localhost:8123", "http://127.0.0.1:3000"],
)
def test_is_trusted_refuses_other_origins(origin: str | None) -> None:
    assert not origins.is_trusted(origin, host="localhost:8123", schemes={"http"})


def test_websocket_check_reads_host_and_the_scheme_of_the_asgi_scope() -> None:
    environ = {"HTTP_HOST": "bank.example:8443", "asgi.scope": {"scheme": "wss"}, "wsgi.url_scheme": "http"}

    assert origins.websocket_origin_allowed("https://bank.example:8443", environ)
    assert not origins.websocket_origin_allowed("http://bank.example:8443", environ)
    assert not origins.websocket_origin_allowed("https://evil.example", environ)


def test_websocket_check_follows_the_proxy_scheme() -> None:
    environ = {"HTTP_HOST": "bank.example", "HTTP_X_FORWARDED_PROTO": "https", "asgi.scope": {"scheme": "ws"}}

    assert origins.websocket_origin_allowed("https://bank.example", environ)


def test_websocket_check_without_origin_or_host_refuses() -> None:
    assert not origins.websocket_origin_allowed(None, {"HTTP_HOST": "localhost:3000", "asgi.scope": {"scheme": "ws"}})
    assert not origins.websocket_origin_allowed("http://localhost:8123", {"asgi.scope": {"scheme": "ws"}})
