"""The apps of one run, each in its own copy of the tree under the run's workspace."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from benchmarks.seed import UserSpec, spec_json
from benchmarks.servers import REPO, ReflexServer, copy_tree, tool_env

NO_LIMITS = {
    # A load client sends far faster than the 30 messages a minute a person may: no per-user message
    # limit (0). A huge limit instead would make the limit's query skip every message of the last
    # minute (thousands, at 180 a second from one user), a cost no real customer's turn pays: with
    # the default 30 it reads at most 30 rows.
    "BANKCHAT_MESSAGES_PER_MINUTE": "0",
    "BANKCHAT_SESSIONS_PER_HOUR": "1000000",
    "BANKCHAT_LOGIN_MAX_FAILURES_PER_ADDRESS": "1000000",
}


def bankchat_env(db_url: str, redis_url: str | None = None, workers: int | None = None) -> dict[str, str]:
    """BankChat's settings for a benchmark: production defaults except the per-user limits."""
    env = {
        "REFLEX_DB_URL": db_url,
        "BANKCHAT_NLU_CACHE": str(REPO / ".cache" / "nlu"),  # the checkout's trained classifier, if any
        **NO_LIMITS,
    }
    if redis_url is not None:
        env["REFLEX_REDIS_URL"] = redis_url
    if workers is not None:
        env["GRANIAN_WORKERS"] = str(workers)
    return env


def bankchat_server(
    workspace: Path,
    name: str,
    *,
    db_url: str,
    backend_only: bool = False,
    redis_url: str | None = None,
    workers: int | None = None,
) -> ReflexServer:
    """BankChat copied to ``workspace/name``; the front end is built unless ``backend_only``."""
    app_dir = copy_tree(REPO, workspace / name)
    server = ReflexServer(
        app_dir,
        log_path=workspace / f"{name}.log",
        env=bankchat_env(db_url, redis_url, workers),
        backend_only=backend_only,
        ready_path="/api/health",
    )
    server.env["BANKCHAT_FRONTEND_ORIGIN"] = server.base_url  # CORS and the websocket's Origin check
    return server


def floor_server(workspace: Path) -> ReflexServer:
    """The floor app (backend only: the load client needs no page), on SQLite."""
    app_dir = copy_tree(REPO / "benchmarks" / "floor", workspace / "floor")
    return ReflexServer(
        app_dir,
        log_path=workspace / "floor.log",
        env={"FLOOR_DB_URL": f"sqlite:///{workspace / 'floor.db'}"},
        backend_only=True,
    )


def seed_users(server: ReflexServer, specs: list[UserSpec]) -> dict[str, int]:
    """Create the users in ``server``'s database (``python -m benchmarks.seed`` in its environment)."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("BANKCHAT_", "REFLEX_"))}
    env = {**inherited, **tool_env(), **server.env, "PYTHONPATH": str(server.app_dir)}
    done = subprocess.run(  # noqa: S603 - our own module
        [sys.executable, "-m", "benchmarks.seed", spec_json(specs)],
        cwd=server.app_dir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"seeding failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def server_errors(server: ReflexServer) -> list[str]:
    """Lines of the app's log that show an unhandled error."""
    if not server.log_path.exists():
        return []
    text = server.log_path.read_text(errors="replace")
    return [line for line in text.splitlines() if "Traceback" in line or '"level": "error"' in line]
