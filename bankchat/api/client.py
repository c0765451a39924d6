"""Who is calling: the client's address as the throttle and the logs see it, and whether over HTTPS."""

from __future__ import annotations

import ipaddress

from starlette.requests import Request

from bankchat.settings import get_settings


def client_address(request: Request) -> str:
    """The client's address, for sign-in throttling and the logs.

    The peer address of the connection, unless ``trust_forwarded_for`` is set:
    then the first hop of ``X-Forwarded-For``. Set it only behind a reverse proxy
    that overwrites that header, or any client can claim any address (and escape
    the per-address throttle, or throttle someone else's).
    """
    if get_settings().trust_forwarded_for:
        first = request.headers.get("x-forwarded-for", "").split(",")[0].strip()
        try:
            return str(ipaddress.ip_address(first))
        except ValueError:
            pass  # absent or not an address: fall back to the peer
    return request.client.host if request.client else "unknown"


def came_over_https(request: Request) -> bool:
    """Whether the browser reached us over HTTPS: the sign-in cookie is then ``Secure``.

    The connection's own scheme, or, when ``trust_forwarded_for`` says a trusted
    reverse proxy is in front, that proxy's ``X-Forwarded-Proto: https`` (its first
    value). Untrusted, the header is ignored: it could only be set by the client.
    """
    if request.url.scheme in ("https", "wss"):
        return True
    if get_settings().trust_forwarded_for:
        return request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower() == "https"
    return False


def cookie_secure(request: Request) -> bool:
    """``Secure`` for the sign-in cookie: always with ``cookie_secure`` set, else whenever HTTPS was used."""
    return get_settings().cookie_secure or came_over_https(request)
