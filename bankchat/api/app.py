"""Builds the FastAPI app: routers, JSON error bodies ``{detail, code}``."""

from __future__ import annotations

from fastapi import FastAPI

from bankchat.api.errors import install_error_handlers
from bankchat.api.limits import DeclaredBodyLimit
from bankchat.api.no_store import NoStore
from bankchat.api.routes import (
    accounts,
    admin,
    admin_disputes,
    admin_reviews,
    auth,
    chat,
    disputes,
    feedback,
    health,
    monitoring,
    payees,
    payment_reviews,
    security,
    sessions,
    standing_orders,
    statements,
)
from bankchat.api.routes.fallback import catch_all

PREFIX = "/api"
MAX_BODY_BYTES = 256 * 1024
"""Largest request body; bigger ones are 413 before any parsing (a message is at most a few KiB)."""


def build_api() -> FastAPI:
    """The REST API, with OpenAPI docs at ``/docs``."""
    api = FastAPI(
        title="BankChat API",
        version="1.0.0",
        summary="A banking assistant: sign in, open a session, chat with the agents.",
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    install_error_handlers(api)
    api.add_middleware(DeclaredBodyLimit, max_bytes=MAX_BODY_BYTES, prefix=PREFIX)
    api.add_middleware(NoStore, prefix=PREFIX)  # added last: outermost, so the 413 above gets it too
    routers = [
        health.router,
        auth.router,
        sessions.router,
        chat.router,
        accounts.router,
        payees.router,
        standing_orders.router,
        disputes.router,
        admin_reviews.router,
        payment_reviews.router,
        statements.router,
        admin.router,
        admin_disputes.router,
        feedback.router,
        monitoring.router,
        security.router,
        security.approvals_router,
    ]
    for router in routers:
        api.include_router(router, prefix=PREFIX, max_body_size=MAX_BODY_BYTES)
    # Last, so it answers only the /api paths the routers above do not.
    api.include_router(catch_all(routers, prefix=PREFIX), max_body_size=MAX_BODY_BYTES)
    return api
