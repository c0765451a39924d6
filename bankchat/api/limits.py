"""Refuse an oversized ``/api`` request body up front, with the usual JSON error body.

The routers also carry FastAPI's ``max_body_size``, which catches bodies that
declare no length (chunked); Starlette answers those 413 in plain text.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from bankchat.api.errors import error_response


class DeclaredBodyLimit:
    """ASGI middleware: 413 ``{detail, code}`` when ``Content-Length`` exceeds ``max_bytes``."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, prefix: str) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(self.prefix):
            declared = Headers(scope=scope).get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                detail = f"The request body is larger than {self.max_bytes} bytes"
                await error_response(413, detail, "payload_too_large")(scope, receive, send)
                return
        await self.app(scope, receive, send)
