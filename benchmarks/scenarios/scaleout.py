"""BankChat on PostgreSQL + Redis with 1, 2 and 4 backend workers: messages per second at 50 users."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from typing import Any

import httpx
import redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from benchmarks import apps
from benchmarks.bench import Bench
from benchmarks.load import closed_loop
from benchmarks.plan import scaleout_users
from benchmarks.scenarios.tabs import alternate, close_all, cookies_for, open_chat_tabs
from benchmarks.seed import UserSpec
from benchmarks.servers import ReflexServer
from benchmarks.stats import Summary, combine
from benchmarks.users import ChatTab

POSTGRES = os.environ.get("BANKCHAT_SCALEOUT_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("BANKCHAT_SCALEOUT_REDIS", "redis://127.0.0.1:6379").rstrip("/")
CLAIM_KEY = "bankchat-bench:claimed"
WORKERS = (1, 2, 4)


def _admin_url() -> URL:
    return make_url(POSTGRES).set(drivername="postgresql+psycopg2")


@contextlib.contextmanager
def _database() -> Iterator[str]:
    """A new PostgreSQL database, dropped afterwards."""
    admin = create_engine(_admin_url(), isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    name = f"bankchat_bench_{secrets.token_hex(4)}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield _admin_url().set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextlib.contextmanager
def _redis_database() -> Iterator[str]:
    """An empty Redis database (never one another run holds), flushed afterwards."""
    run = secrets.token_hex(8)
    for number in range(15, 0, -1):
        client = redis.Redis.from_url(f"{REDIS}/{number}", socket_timeout=3)
        if client.set(CLAIM_KEY, run, nx=True) and client.dbsize() == 1:
            try:
                yield f"{REDIS}/{number}"
            finally:
                client.flushdb()
                client.close()
            return
        if client.get(CLAIM_KEY) == run.encode():
            client.delete(CLAIM_KEY)
        client.close()
    raise RuntimeError(f"no empty Redis database at {REDIS}")


def _every_worker_ready(server: ReflexServer, tries: int = 200) -> None:
    """New connections land on any worker: wait until many in a row answer health 200."""
    streak = 0
    for _ in range(tries):
        status = httpx.get(server.base_url + "/api/health", timeout=5).status_code
        streak = streak + 1 if status == 200 else 0
        if streak >= 20:
            return
    raise RuntimeError("not every worker became ready")


async def _step(tab: ChatTab) -> int:
    return (await tab.send()).bytes


async def run(bench: Bench) -> dict[str, Any]:
    """Every configuration shares one PostgreSQL database; each has its own Redis database."""
    config = bench.config
    if not config.scaleout:
        return {"skipped": "not in the --tiny configuration"}
    clients = max(config.concurrency)
    try:
        redis.Redis.from_url(REDIS, socket_timeout=3).ping()
        create_engine(_admin_url(), connect_args={"connect_timeout": 3}).connect().close()
    except Exception as exc:  # noqa: BLE001 - reported as the reason for skipping
        return {"skipped": f"PostgreSQL or Redis not reachable ({type(exc).__name__})"}
    summaries: dict[int, list[Summary]] = {w: [] for w in WORKERS}
    with _database() as db_url, contextlib.ExitStack() as stack:
        redis_urls = [stack.enter_context(_redis_database()) for _ in WORKERS]  # one Redis database each
        servers = {
            w: apps.bankchat_server(
                bench.workspace, f"scale_w{w}", db_url=db_url, backend_only=True, redis_url=r, workers=w
            )
            for w, r in zip(WORKERS, redis_urls, strict=True)
        }
        try:
            for server in servers.values():
                server.start()
                _every_worker_ready(server)
            specs = [UserSpec(u) for r in range(config.rounds) for w in WORKERS for u in scaleout_users(r, clients, w)]
            apps.seed_users(servers[1], specs)
            for round_ in range(config.rounds):
                for workers in alternate(round_, WORKERS):
                    server = servers[workers]
                    cookies = await cookies_for(server.base_url, scaleout_users(round_, clients, workers))
                    tabs = await open_chat_tabs(server.base_url, cookies)
                    try:
                        summaries[workers].append(
                            await closed_loop(
                                tabs, _step, warmup_s=config.warmup_s, window_s=config.window_s, cpu=server.cpu_seconds
                            )
                        )
                    finally:
                        await close_all(tabs)
                    bench.say(f"scale-out, {workers} worker(s), round {round_ + 1}: {summaries[workers][-1]}")
        finally:
            for server in servers.values():
                server.stop()
    cells = [{"workers": w, "clients": clients, **combine(summaries[w])} for w in WORKERS]
    one, two = cells[0]["msgs_per_s"], cells[1]["msgs_per_s"]
    ratio = round(two / one, 3) if one and one == one and two == two else None  # None: a side failed (or NaN)
    return {"cells": cells, "msgs_per_s_ratio_2_to_1": ratio}
