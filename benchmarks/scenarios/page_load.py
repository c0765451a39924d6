"""The chat page in Chromium on the production build: navigation timing and the moment it is usable."""

from __future__ import annotations

import os
import shutil
from typing import Any

from benchmarks.bench import Bench
from benchmarks.seed import BENCH_PASSWORD
from benchmarks.stats import median

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
USABLE = """() => {
  const name = document.querySelector('#user-name');
  const input = document.querySelector('#chat-input');
  return name && name.textContent.trim().length > 0 && input && !input.disabled ? performance.now() : false;
}"""
"""The page is usable when the signed-in user's name (from the hydrated state) and the composer are there."""
TIMING = """() => {
  const n = performance.getEntriesByType('navigation')[0];
  return {ttfb: n.responseStart, dom_interactive: n.domInteractive,
          dom_content_loaded: n.domContentLoadedEventEnd, load: n.loadEventEnd};
}"""


def chromium_executable() -> str | None:
    """``BANKCHAT_CHROMIUM`` (scripts/test.sh; empty: Playwright's own), else Debian's, else Playwright's."""
    configured = os.environ.get("BANKCHAT_CHROMIUM")
    if configured is not None:
        return configured or None
    for candidate in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        if found := shutil.which(candidate):
            return found
    return None


async def run(bench: Bench) -> dict[str, Any]:
    """A fresh browser context (cold cache) per load; signed in through the REST route as the login page does."""
    from playwright.async_api import async_playwright

    base = bench.bankchat.base_url
    loads: list[dict[str, float]] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        try:
            for _ in range(bench.config.page_loads):
                context = await browser.new_context(base_url=base)
                try:
                    signed = await context.request.post(
                        "/api/auth/session",
                        data={"username": "acct_small", "password": BENCH_PASSWORD},
                        headers={"Origin": base},
                    )
                    if not signed.ok:
                        raise RuntimeError(f"sign-in failed: {signed.status}")
                    page = await context.new_page()
                    await page.goto("/chat")
                    usable = await (await page.wait_for_function(USABLE, timeout=30_000)).json_value()
                    timing = await page.evaluate(TIMING)
                    loads.append({**timing, "interactive": float(usable)})
                finally:
                    await context.close()
        finally:
            await browser.close()
    out = {key: round(median([load[key] for load in loads]), 1) for key in loads[0]}
    result = {"loads": len(loads), "median_ms": out, "samples": loads}
    bench.say(f"page load: {out}")
    return result
