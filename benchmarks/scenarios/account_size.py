"""Sign-in, page load (hydrate) and session switch for a small and a large account."""

from __future__ import annotations

from typing import Any

import httpx

from benchmarks.bench import Bench
from benchmarks.plan import ACCOUNT_LARGE, ACCOUNT_SMALL
from benchmarks.stats import median
from benchmarks.users import ChatTab, sign_in

ACTIONS = ("sign_in", "hydrate", "switch")


async def _sample(base_url: str, http: httpx.AsyncClient, username: str) -> dict[str, tuple[float, int]]:
    """One sign-in, one page load with its cookie, one switch to the second conversation and back."""
    signed = await sign_in(http, username)
    tab = await ChatTab.open(base_url, signed.cookie)
    try:
        away = await tab.switch(1)
        back = await tab.switch(0)
    finally:
        await tab.close()
    return {
        "sign_in": (signed.seconds, 0),
        "hydrate": (tab.hydrate.seconds, tab.hydrate.bytes),
        "switch": ((away.seconds + back.seconds) / 2, (away.bytes + back.bytes) // 2),
    }


async def run(bench: Bench) -> dict[str, Any]:
    """Samples alternate between the two accounts; medians per action."""
    config = bench.config
    accounts = {"small": ACCOUNT_SMALL, "large": ACCOUNT_LARGE}
    samples: dict[str, dict[str, list[tuple[float, int]]]] = {k: {a: [] for a in ACTIONS} for k in accounts}
    async with httpx.AsyncClient(base_url=bench.bankchat.base_url, timeout=60) as http:
        for _ in range(config.rounds * config.account_repeats):
            for size, username in accounts.items():
                for action, value in (await _sample(bench.bankchat.base_url, http, username)).items():
                    samples[size][action].append(value)
    out: dict[str, Any] = {
        "accounts": {
            "small": {"sessions": 2, "messages": 10},
            "large": {"sessions": config.account_sessions, "messages": config.account_messages},
        }
    }
    for action in ACTIONS:
        row = {
            size: {
                "p50_ms": round(median([s for s, _ in samples[size][action]]) * 1000, 3),
                "bytes": median([float(b) for _, b in samples[size][action]]),
            }
            for size in accounts
        }
        row["ratio_large_to_small"] = round(row["large"]["p50_ms"] / row["small"]["p50_ms"], 3)
        out[action] = row
    bench.say(f"account size: {out}")
    return out
