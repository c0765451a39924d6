"""BankChat vs the floor: chat messages over the websocket at 1 and 50 concurrent signed-in users."""

from __future__ import annotations

from typing import Any

from benchmarks.bench import Bench
from benchmarks.load import closed_loop
from benchmarks.plan import chat_users
from benchmarks.scenarios.tabs import alternate, close_all, cookies_for, open_chat_tabs, open_floor_tabs
from benchmarks.stats import Summary, combine, paired_ratio
from benchmarks.users import ChatTab, FloorTab


async def _chat_step(tab: ChatTab) -> int:
    return (await tab.send()).bytes


async def _floor_step(tab: FloorTab) -> int:
    return (await tab.send()).bytes


async def run(bench: Bench) -> dict[str, Any]:
    """Closed loop per cell; both apps measured in the same round, in alternating order."""
    config = bench.config
    rows = []
    for clients in config.concurrency:
        mine: list[Summary] = []
        floor: list[Summary] = []
        for round_ in range(config.rounds):
            cookies = await cookies_for(bench.bankchat.base_url, chat_users(round_, clients))
            chat_tabs = await open_chat_tabs(bench.bankchat.base_url, cookies)
            floor_tabs = await open_floor_tabs(bench.floor.base_url, clients)
            try:
                for system in alternate(round_, ("bankchat", "floor")):
                    if system == "bankchat":
                        mine.append(
                            await closed_loop(
                                chat_tabs,
                                _chat_step,
                                warmup_s=config.warmup_s,
                                window_s=config.window_s,
                                cpu=bench.bankchat.cpu_seconds,
                            )
                        )
                    else:
                        floor.append(
                            await closed_loop(
                                floor_tabs,
                                _floor_step,
                                warmup_s=config.warmup_s,
                                window_s=config.window_s,
                                cpu=bench.floor.cpu_seconds,
                            )
                        )
            finally:
                await close_all([*chat_tabs, *floor_tabs])
            bench.say(f"chat load, {clients} clients, round {round_ + 1}: bankchat {mine[-1]} | floor {floor[-1]}")
        rows.append(
            {
                "clients": clients,
                "bankchat": combine(mine),
                "floor": combine(floor),
                "ratio": {
                    k: paired_ratio(mine, floor, k) for k in ("p50_ms", "p99_ms", "msgs_per_s", "cpu_ms_per_msg")
                },
                "rounds": {"bankchat": [s.as_dict() for s in mine], "floor": [s.as_dict() for s in floor]},
            }
        )
    return {"cells": rows}
