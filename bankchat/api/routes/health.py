"""``GET /api/health``: liveness and dependencies."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from bankchat.db import get_engine
from bankchat.migrate import ready
from bankchat.settings import get_settings

router = APIRouter(tags=["health"])


def _database_ok() -> bool:
    try:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not ok", reported as such
        return False


@router.get("/health", summary="Liveness and dependencies")
async def health() -> JSONResponse:
    """200 once the database is migrated and reachable; 503 before that or when it is down."""
    database = await asyncio.to_thread(_database_ok) if ready.is_set() else False
    state_manager = "redis" if get_settings().redis_url else "memory"
    status = "ok" if database else "starting" if not ready.is_set() else "degraded"
    body = {"status": status, "database": "ok" if database else "unavailable", "stateManager": state_manager}
    return JSONResponse(body, status_code=200 if database else 503)
