"""BankChat with 10 vs 10,000 stored messages in the conversation on screen: round trip and bytes per reply."""

from __future__ import annotations

from typing import Any

from benchmarks.bench import Bench
from benchmarks.plan import history_user
from benchmarks.scenarios.tabs import close_all, cookies_for, open_chat_tabs
from benchmarks.stats import median, percentile


async def run(bench: Bench) -> dict[str, Any]:
    """One tab per history level; sends interleaved between the levels; a fresh tab (page load) every round."""
    config = bench.config
    levels = config.history
    seconds: dict[int, list[float]] = {n: [] for n in levels}
    sizes: dict[int, list[int]] = {n: [] for n in levels}
    per_round: dict[int, list[float]] = {n: [] for n in levels}
    cookies = await cookies_for(bench.bankchat.base_url, [history_user(n) for n in levels])
    for _round in range(config.rounds):
        tabs = await open_chat_tabs(bench.bankchat.base_url, cookies)
        try:
            await tabs[0].send()  # warm both paths once
            await tabs[-1].send()
            got: dict[int, list[float]] = {n: [] for n in levels}
            for _ in range(config.history_sends):
                for n, tab in zip(levels, tabs, strict=True):
                    answer = await tab.send()
                    got[n].append(answer.seconds)
                    sizes[n].append(answer.bytes)
            for n in levels:
                seconds[n] += got[n]
                per_round[n].append(median(got[n]))
        finally:
            await close_all(tabs)
    base = levels[0]
    rows = [
        {
            "messages": n,
            "p50_ms": round(percentile(seconds[n], 50) * 1000, 3),
            "p99_ms": round(percentile(seconds[n], 99) * 1000, 3),
            "bytes_per_reply": median([float(b) for b in sizes[n]]),
            "n": len(seconds[n]),
        }
        for n in levels
    ]
    ratios = {
        "p50_ms": round(median([a / b for a, b in zip(per_round[levels[-1]], per_round[base], strict=True)]), 3),
        "bytes_per_reply": round(rows[-1]["bytes_per_reply"] / rows[0]["bytes_per_reply"], 3),
    }
    bench.say(f"history: {rows}")
    return {"levels": rows, "ratio_largest_to_smallest": ratios}
