"""The scale-out job's fixtures: a fresh PostgreSQL database, a Redis database, the app on two workers.

The servers: ``BANKCHAT_SCALEOUT_POSTGRES`` (an admin URL; default
``postgresql://postgres@127.0.0.1:5432/postgres``) and ``BANKCHAT_SCALEOUT_REDIS``
(default ``redis://127.0.0.1:6379``), as on the project's machines and CI
(docs/running.md). When one is unreachable the tests are skipped with a loud reason;
with ``BANKCHAT_REQUIRE_SCALEOUT=1`` (scripts/test.sh sets it in CI) that is a failure.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
import redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from tests.e2e.conftest import CHROMIUM_ARGS, _chromium_executable
from tests.support.fake_llm import FakeLLM
from tests.support.live_server import LiveServer

WORKERS = 2
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379"
CLAIM_KEY = "bankchat-tests:claimed"

_not_tested: list[str] = []


def unavailable(reason: str) -> NoReturn:
    """Skip (loudly), or fail when ``BANKCHAT_REQUIRE_SCALEOUT=1``."""
    message = f"SCALE-OUT NOT TESTED: {reason}"
    if os.environ.get("BANKCHAT_REQUIRE_SCALEOUT") == "1":
        pytest.fail(f"{message} (BANKCHAT_REQUIRE_SCALEOUT=1 requires PostgreSQL and Redis)", pytrace=False)
    _not_tested.append(message)
    pytest.skip(message)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Repeat the reason at the very end of the run, where nobody can miss it."""
    for message in dict.fromkeys(_not_tested):
        terminalreporter.write_sep("!", message, red=True, bold=True)


def _admin_url() -> URL:
    url = make_url(os.environ.get("BANKCHAT_SCALEOUT_POSTGRES", DEFAULT_POSTGRES))
    return url.set(drivername="postgresql+psycopg2")


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A new, empty database ``bankchat_test_<random>`` for this module, dropped afterwards."""
    admin = create_engine(_admin_url(), isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    name = f"bankchat_test_{secrets.token_hex(4)}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except SQLAlchemyError as exc:
        admin.dispose()
        shown = _admin_url().render_as_string(hide_password=True)
        cause = getattr(exc, "orig", None) or exc
        detail = " ".join(str(cause).split())
        unavailable(f"PostgreSQL is not usable at {shown} ({type(cause).__name__}: {detail})")
    try:
        yield _admin_url().set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _claim_empty_database(base: str, run: str) -> tuple[int, redis.Redis] | None:
    """An empty database number (7 first, never 0) and a client on it, marked as this run's."""
    for number in (7, *range(8, 16), *range(1, 7)):
        client = redis.Redis.from_url(f"{base}/{number}", socket_timeout=3)
        try:
            # Atomic claim; a database that holds anything else (another run's state) is left alone.
            if client.set(CLAIM_KEY, run, nx=True):
                if client.dbsize() == 1:
                    return number, client
                client.delete(CLAIM_KEY)
        except redis.ResponseError:  # the server has fewer databases
            client.close()
            return None
        client.close()
    return None


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    """An empty Redis database for this module (never one another run is using), flushed afterwards."""
    base = os.environ.get("BANKCHAT_SCALEOUT_REDIS", DEFAULT_REDIS).rstrip("/")
    try:
        claimed = _claim_empty_database(base, secrets.token_hex(8))
    except redis.RedisError as exc:
        unavailable(f"Redis is not reachable at {base} ({type(exc).__name__}: {exc})")
    if claimed is None:
        pytest.fail(f"no empty Redis database among 1-15 at {base}")
    number, client = claimed
    try:
        yield f"{base}/{number}"
    finally:
        client.flushdb()
        client.close()


@pytest.fixture(scope="module")
def scaleout_app(
    request: pytest.FixtureRequest, postgres_url: str, redis_url: str, tmp_root: Path, fake_llm: FakeLLM
) -> Iterator[LiveServer]:
    """The real app as in production: PostgreSQL, Redis, ``WORKERS`` granian workers, each checked ready."""
    env = {"BANKCHAT_LLM_BASE_URL": fake_llm.base_url, "BANKCHAT_LLM_RETRIES": "0", "BANKCHAT_LLM_MODEL": "fake"}
    log_path = tmp_root / f"{request.module.__name__.rsplit('.', 1)[-1]}-app.log"
    server = LiveServer(db_url=postgres_url, log_path=log_path, env=env, workers=WORKERS, redis_url=redis_url)
    server.start()
    yield server
    server.stop()
    errors = server.server_errors()
    assert not errors, f"the app logged unhandled errors (see {log_path}):\n{server.first_error()}"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """The browser suite's Chromium and flags (tests/e2e/conftest.py)."""
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS}
    if exe := _chromium():
        args["executable_path"] = exe
    return args


def _chromium() -> str | None:
    if exe := os.environ.get("BANKCHAT_CHROMIUM"):  # scripts/test.sh found it
        return exe
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _chromium_executable()  # no Playwright runs yet, so it may be started to look
    # The session's Playwright runs already (tests/e2e went first); so does the browser it launched.
    return None
