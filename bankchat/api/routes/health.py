"""``GET /api/health``: liveness, what the server is preparing, and dependencies."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from bankchat import readiness
from bankchat.db import get_engine
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
    """200 once the server is prepared and the database answers; 503 while preparing or when it is down.

    While preparing, ``status`` is ``starting`` and ``stage`` says what the server is doing
    (``migrating the database``, ``training the intent classifier``, …); ``database`` always
    reports the database itself.
    """
    database = await asyncio.to_thread(_database_ok)
    stage = readiness.stage()
    body = {"status": "starting", "stage": stage} if stage else {"status": "ok" if database else "degraded"}
    body |= {
        "database": "ok" if database else "unavailable",
        "stateManager": "redis" if get_settings().redis_url else "memory",
    }
    return JSONResponse(body, status_code=200 if database and stage is None else 503)
