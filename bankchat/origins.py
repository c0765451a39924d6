"""Which browser origins may open the websocket and call the cookie routes.

A page may be opened under any name the server answers to (``localhost``,
``127.0.0.1``, the host's LAN name, another port through a forward). Its requests
then carry an ``Origin`` equal to the scheme and ``Host`` they were sent to: that
origin is always trusted. So are the configured front-end origins
(``BANKCHAT_FRONTEND_ORIGIN``, comma-separated), for a front end served from another
origin than the back end (``reflex run`` in development: the page on :3000, the
websocket on :8000). Any other origin is another site's page and is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from bankchat.settings import get_settings

_HTTP_SCHEME = {"ws": "http", "wss": "https"}


def normalise(origin: str) -> str:
    """``scheme://host[:port]`` in lower case, without a trailing slash."""
    return origin.strip().rstrip("/").lower()


def addressed_origins(*, host: str, schemes: Iterable[str]) -> set[str]:
    """The origins a request was addressed to: each scheme with its ``Host`` header."""
    host = host.strip().lower()
    return {f"{_HTTP_SCHEME.get(s, s)}://{host}" for s in (s.strip().lower() for s in schemes) if s and host}


def is_trusted(origin: str | None, *, host: str, schemes: Iterable[str]) -> bool:
    """Whether a request sent to ``host`` over one of ``schemes`` may come from a page of ``origin``."""
    if not origin:
        return False
    origin = normalise(origin)
    return origin in get_settings().frontend_origins or origin in addressed_origins(host=host, schemes=schemes)


def websocket_origin_allowed(origin: str | None, environ: Mapping[str, Any]) -> bool:
    """The websocket's Origin check, in the form python-engineio calls (``cors_allowed_origins``).

    ``environ`` is engineio's WSGI-style view of the ASGI request; its ``wsgi.url_scheme``
    is always ``http`` unless ``X-Forwarded-Proto`` says otherwise, so the scheme is
    read from the ASGI scope (a server with TLS of its own says ``wss``).
    """
    scope = environ.get("asgi.scope") or {}
    forwarded = str(environ.get("HTTP_X_FORWARDED_PROTO", "")).split(",")[0]
    return is_trusted(origin, host=str(environ.get("HTTP_HOST", "")), schemes={str(scope.get("scheme", "")), forwarded})


def relying_party(origin: str) -> tuple[str, list[str]] | None:
    """WebAuthn's relying party for a page of ``origin`` (one already trusted): the page's host name as the RP ID,
    and that origin as the only one a passkey's answer may come from; None if ``origin`` has no host name."""
    origin = normalise(origin)
    host = urlsplit(origin).hostname
    return (host, [origin]) if host else None
