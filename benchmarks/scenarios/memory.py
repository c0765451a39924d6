"""Memory per connected client: resident memory of each app's processes before and after N idle tabs."""

from __future__ import annotations

import asyncio
from typing import Any

from benchmarks.bench import Bench
from benchmarks.plan import chat_users
from benchmarks.scenarios.tabs import close_all, cookies_for, open_chat_tabs, open_floor_tabs
from benchmarks.servers import ReflexServer

SETTLE_S = 2.0
"""Time for the apps to finish the tabs' page loads (and the disk state manager to write) before reading RSS."""


async def _settled_rss(server: ReflexServer) -> int:
    await asyncio.sleep(SETTLE_S)
    return server.rss_bytes()


async def run(bench: Bench) -> dict[str, Any]:
    """BankChat tabs belong to the chat-load users (history of a few hundred messages, window on screen)."""
    count = bench.config.memory_clients
    users = chat_users(0, max(bench.config.concurrency))
    cookies = await cookies_for(bench.bankchat.base_url, users)
    out: dict[str, Any] = {"clients": count}
    before = await _settled_rss(bench.bankchat)
    tabs = await open_chat_tabs(bench.bankchat.base_url, [cookies[i % len(cookies)] for i in range(count)])
    after = await _settled_rss(bench.bankchat)
    await close_all(tabs)
    out["bankchat"] = {
        "rss_before_mb": round(before / 1e6, 1),
        "kb_per_client": round((after - before) / count / 1e3, 1),
    }
    before = await _settled_rss(bench.floor)
    floor_tabs = await open_floor_tabs(bench.floor.base_url, count)
    after = await _settled_rss(bench.floor)
    await close_all(floor_tabs)
    out["floor"] = {"rss_before_mb": round(before / 1e6, 1), "kb_per_client": round((after - before) / count / 1e3, 1)}
    bench.say(f"memory: {out}")
    return out
