"""``Cache-Control: no-store`` on every ``/api`` response: balances, statements and tokens stay out of caches.

Applies to errors too (a 401 or 404 says something about an account), and to
answers that did not come from a route (413 from the body limit, the fallback).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

NO_STORE = "no-store"


class NoStore:
    """ASGI middleware: set ``Cache-Control: no-store`` (and ``Pragma: no-cache``) on ``prefix`` responses."""

    def __init__(self, app: ASGIApp, *, prefix: str) -> None:
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return

        async def send_no_store(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Cache-Control"] = NO_STORE
                headers["Pragma"] = "no-cache"  # HTTP/1.0 caches and proxies
            await send(message)

        await self.app(scope, receive, send_no_store)
