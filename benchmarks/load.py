"""Closed-loop load: every simulated user sends, waits for the answer, sends again."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from benchmarks.stats import Summary, summarize

T = TypeVar("T")
Step = Callable[[T], Awaitable[int]]
"""One request of one user; returns the bytes of the answer (raises on a failed answer)."""


async def closed_loop(
    users: Sequence[T],
    step: Step[T],
    *,
    warmup_s: float,
    window_s: float,
    cpu: Callable[[], float] | None = None,
) -> Summary:
    """Run every user in a loop for ``warmup_s + window_s``; only answers that end inside the window count."""
    seconds: list[float] = []
    sizes: list[int] = []
    errors = 0
    started = time.perf_counter()
    window_start = started + warmup_s
    window_end = window_start + window_s
    cpu_at: list[float] = []

    async def mark_cpu() -> None:
        for moment in (window_start, window_end):
            await asyncio.sleep(max(0.0, moment - time.perf_counter()))
            if cpu is not None:
                cpu_at.append(cpu())

    async def run(user: T) -> None:
        nonlocal errors
        while time.perf_counter() < window_end:
            sent = time.perf_counter()
            try:
                size = await step(user)
            except Exception:  # noqa: BLE001 - counted and reported as an error, the loop goes on
                errors += 1
                await asyncio.sleep(0.05)
                continue
            done = time.perf_counter()
            if window_start <= sent and done <= window_end:
                seconds.append(done - sent)
                sizes.append(size)

    marker = asyncio.ensure_future(mark_cpu())
    await asyncio.gather(*(run(u) for u in users))
    await marker
    cpu_s = cpu_at[1] - cpu_at[0] if len(cpu_at) == 2 else float("nan")
    return summarize(seconds, sizes, window_s=window_s, errors=errors, cpu_s=cpu_s)
