"""Who is calling: the client's address as the throttle and the logs see it."""

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
