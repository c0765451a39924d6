"""REST: BankChat's ``POST /api/chat/message`` vs a bare FastAPI route doing the same two inserts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from benchmarks.bench import Bench
from benchmarks.load import closed_loop
from benchmarks.plan import rest_users
from benchmarks.scenarios.tabs import alternate, gather_limited
from benchmarks.stats import Summary, combine, paired_ratio
from benchmarks.users import MESSAGES, bearer_token

FLOOR_ROUTE = "/api/floor/message"


@dataclass
class RestUser:
    """One API client: its own connection, token and conversation (none for the floor route)."""

    http: httpx.AsyncClient
    headers: dict[str, str]
    path: str
    turn: int = 0


async def _bankchat_user(base_url: str, username: str) -> RestUser:
    http = httpx.AsyncClient(base_url=base_url, timeout=60)
    token = await bearer_token(http, username)
    headers = {"Authorization": f"Bearer {token}"}
    created = await http.post("/api/sessions", json={}, headers=headers)
    created.raise_for_status()
    headers["X-Session-ID"] = str(created.json()["sessionId"])
    return RestUser(http, headers, "/api/chat/message")


async def _step(user: RestUser) -> int:
    text = MESSAGES[user.turn % len(MESSAGES)]
    user.turn += 1
    response = await user.http.post(user.path, json={"content": text}, headers=user.headers)
    response.raise_for_status()
    return len(response.content)


async def run(bench: Bench) -> dict[str, Any]:
    """Closed loop per cell, both routes in the same round, alternating which goes first."""
    config = bench.config
    rows = []
    for clients in config.concurrency:
        mine: list[Summary] = []
        floor: list[Summary] = []
        for round_ in range(config.rounds):
            users = await gather_limited(
                [_bankchat_user(bench.bankchat.base_url, u) for u in rest_users(round_, clients)]
            )
            bare = [
                RestUser(httpx.AsyncClient(base_url=bench.floor.base_url, timeout=60), {}, FLOOR_ROUTE)
                for _ in range(clients)
            ]
            try:
                for system in alternate(round_, ("bankchat", "floor")):
                    server = bench.bankchat if system == "bankchat" else bench.floor
                    summary = await closed_loop(
                        users if system == "bankchat" else bare,
                        _step,
                        warmup_s=config.warmup_s,
                        window_s=config.window_s,
                        cpu=server.cpu_seconds,
                    )
                    (mine if system == "bankchat" else floor).append(summary)
            finally:
                for user in [*users, *bare]:
                    await user.http.aclose()
            bench.say(f"REST, {clients} clients, round {round_ + 1}: bankchat {mine[-1]} | bare {floor[-1]}")
        rows.append(
            {
                "clients": clients,
                "bankchat": combine(mine),
                "bare_fastapi": combine(floor),
                "ratio": {
                    k: paired_ratio(mine, floor, k) for k in ("p50_ms", "p99_ms", "msgs_per_s", "cpu_ms_per_msg")
                },
            }
        )
    return {"cells": rows}
