"""BankChat vs the floor: chat messages over the websocket at 1 and 50 concurrent signed-in users."""

from __future__ import annotations

from typing import Any

from benchmarks.bench import Bench
from benchmarks.plan import chat_users
from benchmarks.scenarios.paired import against_floor
from benchmarks.scenarios.tabs import cookies_for, open_chat_tabs
from benchmarks.users import ChatTab


async def _chat_step(tab: ChatTab) -> int:
    return (await tab.send()).bytes


async def run(bench: Bench) -> dict[str, Any]:
    """Closed loop per cell; both apps measured in the same round, in alternating order."""

    async def open_tabs(round_: int, clients: int) -> list[ChatTab]:
        cookies = await cookies_for(bench.bankchat.base_url, chat_users(round_, clients))
        return await open_chat_tabs(bench.bankchat.base_url, cookies)

    return {"cells": await against_floor(bench, "bankchat", open_tabs, _chat_step, bench.bankchat.cpu_seconds)}
