"""The last route: any other ``/api`` path answers JSON, never Reflex's page or plain text.

Reflex mounts its own app after ours and it matches every path, so without this
route an unknown ``/api/...`` path (or a known one with the wrong method) would
fall through to the front end.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter, HTTPException, Request
from starlette.routing import Route

from bankchat.errors import NotFound

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


def catch_all(routers: Sequence[APIRouter], *, prefix: str) -> APIRouter:
    """A router for ``prefix`` and everything under it: 405 for a known path, else 404."""
    known = [
        (r.path_regex, frozenset(r.methods or ())) for router in routers for r in router.routes if isinstance(r, Route)
    ]
    router = APIRouter(include_in_schema=False)

    @router.api_route(prefix, methods=METHODS)
    @router.api_route(prefix + "/{path:path}", methods=METHODS)
    async def unknown_api_path(request: Request) -> None:
        path = "/" + str(request.path_params.get("path", ""))
        allowed = {method for regex, methods in known if regex.match(path) for method in methods}
        if allowed:
            headers = {"Allow": ", ".join(sorted(allowed))}
            raise HTTPException(status_code=405, detail="Method not allowed", headers=headers)
        raise NotFound("No such API route")

    return router
