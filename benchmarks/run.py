"""Run every benchmark side by side: ``python -m benchmarks.run [--tiny] [--out DIR] [--only a,b]``.

Starts BankChat (production build, SQLite, one worker) and the floor app from
copies of the tree in a temporary folder, seeds the benchmark users, runs each
measurement, then prints the tables, writes ``DIR/benchmark-<time>.json`` and
``DIR/latest.json`` and draws the plots. Exit status 1 when a measurement failed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import apps, goals, plots, report
from benchmarks.bench import Bench
from benchmarks.config import FULL, TINY
from benchmarks.plan import all_users
from benchmarks.scenarios import account_size, chainlit_echo, chat_load, history, memory, page_load, rest, scaleout
from benchmarks.servers import REPO

Scenario = Callable[[Bench], Awaitable[dict[str, Any]]]
SCENARIOS: dict[str, Scenario] = {
    "chat_load": chat_load.run,
    "history": history.run,
    "account_size": account_size.run,
    "rest": rest.run,
    "memory": memory.run,
    "page_load": page_load.run,
    "scaleout": scaleout.run,
    "chainlit": chainlit_echo.run,
}
DEFAULT_OUT = REPO / "benchmarks" / "results"


def _say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


async def _measure(bench: Bench, names: list[str]) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name in names:
        _say(f"--- {name}")
        started = time.monotonic()
        try:
            results[name] = await SCENARIOS[name](bench)
        except Exception as exc:  # noqa: BLE001 - one failed measurement must not lose the others
            results[name] = {"error": f"{type(exc).__name__}: {exc}"[:500]}
            _say(f"{name} FAILED: {results[name]['error']}")
        results[name]["seconds"] = round(time.monotonic() - started, 1)
    return results


def run(*, tiny: bool, out_dir: Path, only: list[str] | None = None, keep: bool = False) -> dict[str, Any]:
    """Start the apps, measure, stop them; returns the results (also written to ``out_dir``)."""
    config = TINY if tiny else FULL
    names = only or list(SCENARIOS)
    workspace = Path(tempfile.mkdtemp(prefix="bankchat-bench-"))
    results: dict[str, Any] = {
        "config": config.as_dict(),
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "load_average_at_start": [round(x, 2) for x in os.getloadavg()]},
    }
    floor = apps.floor_server(workspace)
    bankchat = apps.bankchat_server(workspace, "bankchat", db_url=f"sqlite:///{workspace / 'bankchat.db'}")
    failed = True
    try:
        _say(f"workspace {workspace}; starting the floor app and BankChat (production build)")
        floor.start()
        bankchat.start()
        _say("seeding the benchmark users")
        apps.seed_users(bankchat, all_users(config))
        bench = Bench(config=config, workspace=workspace, bankchat=bankchat, floor=floor, say=_say)
        results.update(asyncio.run(_measure(bench, names)))
        failed = any(isinstance(v, dict) and "error" in v for v in results.values())
    finally:
        bankchat.stop()
        floor.stop()
        results["server_errors"] = {
            "bankchat": apps.server_errors(bankchat)[:20],
            "floor": apps.server_errors(floor)[:20],
        }
        if failed or keep:
            _say(f"apps' logs and databases kept in {workspace}")
        else:
            shutil.rmtree(workspace, ignore_errors=True)
    results["goals"] = goals.evaluate(results)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    results["json"] = str(report.write_json(results, out_dir, stamp))
    results["plots"] = [str(p) for p in plots.draw(results, out_dir)]
    report.write_json(results, out_dir, stamp)  # again, with the plots' paths
    return results


def main(argv: list[str] | None = None) -> int:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="a few seconds of each measurement (the test suite's)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"results folder (default {DEFAULT_OUT})")
    parser.add_argument("--only", help=f"comma-separated subset of: {', '.join(SCENARIOS)}")
    parser.add_argument("--keep", action="store_true", help="keep the workspace (apps' copies, logs, databases)")
    args = parser.parse_args(argv)
    only = [n.strip() for n in args.only.split(",")] if args.only else None
    if only and (unknown := set(only) - set(SCENARIOS)):
        parser.error(f"unknown measurement(s): {', '.join(sorted(unknown))}")
    results = run(tiny=args.tiny, out_dir=args.out, only=only, keep=args.keep)
    print(report.markdown(results))
    print(f"\nJSON: {results['json']}" + "".join(f"\nplot: {p}" for p in results["plots"]))
    failed = [k for k, v in results.items() if isinstance(v, dict) and "error" in v]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
