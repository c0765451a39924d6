"""``/api/health`` in-process, without the live app: what it says while the server prepares."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from bankchat import readiness
from bankchat.api import build_api


def _get_health() -> httpx.Response:
    async def get() -> httpx.Response:
        transport = httpx.ASGITransport(app=build_api())
        async with httpx.AsyncClient(transport=transport, base_url="http://bankchat.test") as client:
            return await client.get("/api/health")

    # In a thread of its own: Playwright's sync API keeps a loop running in this one (tests/e2e).
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, get()).result()


@pytest.fixture(autouse=True)
def starting() -> Iterator[None]:
    """This process's readiness reset to "starting" for the test, restored afterwards."""
    was_ready = readiness.is_ready()
    readiness.reset()
    yield
    readiness.reset()
    if was_ready:
        readiness.mark_ready()


@pytest.mark.parametrize("stage", [readiness.MIGRATING, readiness.TRAINING, readiness.LOADING])
def test_health_while_preparing_says_starting_and_the_stage(stage: str) -> None:
    readiness.enter(stage)

    response = _get_health()

    assert response.status_code == 503
    assert response.json() == {"status": "starting", "stage": stage, "database": "ok", "stateManager": "memory"}


def test_health_before_preparing_starts_says_starting() -> None:
    response = _get_health()

    assert response.status_code == 503
    assert response.json()["status"] == "starting"
    assert response.json()["stage"] == readiness.STARTING
    assert response.json()["database"] == "ok"


def test_health_once_prepared_is_ok_without_a_stage() -> None:
    readiness.enter(readiness.LOADING)
    readiness.mark_ready()

    response = _get_health()

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "stateManager": "memory"}
