"""One system against the floor, cell by cell: both measured in the same rounds, in alternating order."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from benchmarks.bench import Bench
from benchmarks.load import closed_loop
from benchmarks.scenarios.tabs import alternate, close_all, open_floor_tabs
from benchmarks.stats import Summary, combine, paired_ratio
from benchmarks.users import FloorTab

RATIOS = ("p50_ms", "p99_ms", "msgs_per_s", "cpu_ms_per_msg")


async def _floor_step(tab: FloorTab) -> int:
    return (await tab.send()).bytes


async def against_floor(
    bench: Bench,
    name: str,
    open_tabs: Callable[[int, int], Awaitable[list[Any]]],
    step: Callable[[Any], Awaitable[int]],
    cpu: Callable[[], float],
) -> list[dict[str, Any]]:
    """Closed loop per concurrency level for ``name`` and the floor; rows with medians and paired ratios.

    ``open_tabs(round, clients)`` opens the system's tabs; ``step(tab)`` sends one message and
    returns the bytes it received; ``cpu()`` reads the system's server CPU seconds.
    """
    config = bench.config
    rows = []
    for clients in config.concurrency:
        mine: list[Summary] = []
        floor: list[Summary] = []
        for round_ in range(config.rounds):
            tabs = await open_tabs(round_, clients)
            floor_tabs = await open_floor_tabs(bench.floor.base_url, clients)
            try:
                for system in alternate(round_, (name, "floor")):
                    if system == name:
                        mine.append(
                            await closed_loop(tabs, step, warmup_s=config.warmup_s, window_s=config.window_s, cpu=cpu)
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
                await close_all([*tabs, *floor_tabs])
            bench.say(f"{name}, {clients} clients, round {round_ + 1}: {name} {mine[-1]} | floor {floor[-1]}")
        rows.append(
            {
                "clients": clients,
                name: combine(mine),
                "floor": combine(floor),
                "ratio": {k: paired_ratio(mine, floor, k) for k in RATIOS},
                "rounds": {name: [s.as_dict() for s in mine], "floor": [s.as_dict() for s in floor]},
            }
        )
    return rows
