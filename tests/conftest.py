"""Test configuration: a throw-away database and cheap password hashing, set before any import."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_TMP = Path(tempfile.mkdtemp(prefix="bankchat-tests-"))
os.environ["REFLEX_DB_URL"] = f"sqlite:///{_TMP / 'unit.db'}"
os.environ["BANKCHAT_ENVIRONMENT"] = "test"
os.environ["BANKCHAT_ARGON2_MEMORY_KIB"] = "1024"
os.environ["BANKCHAT_ARGON2_TIME_COST"] = "1"
os.environ["BANKCHAT_LOG_JSON"] = "true"
# The suites share the demo users and send faster than any person (the stories send ~40
# messages in seconds as alice): per-user limits far above that, for the live app too.
# tests/api/test_security_auth.py fills a fresh user up to these and checks the 429.
os.environ["BANKCHAT_MESSAGES_PER_MINUTE"] = "300"
os.environ["BANKCHAT_SESSIONS_PER_HOUR"] = "1000"
# Every failed login of the whole run comes from 127.0.0.1 (schemathesis tries many):
# the per-address lockout is tested with addresses of its own (X-Forwarded-For).
os.environ["BANKCHAT_LOGIN_MAX_FAILURES_PER_ADDRESS"] = "60"

from tests.support.fake_llm import FakeLLM, Status  # noqa: E402
from tests.support.live_server import LiveServer  # noqa: E402


@pytest.fixture(scope="session")
def tmp_root() -> Path:
    """A folder for this test run's databases and logs."""
    return _TMP


@pytest.fixture(scope="session")
def fake_llm() -> Iterator[FakeLLM]:
    """An OpenAI-compatible server on localhost for the live app; unscripted requests get a 503,
    so the embedded agents answer unless a test scripts a reply."""
    with FakeLLM(default=Status(503)) as server:
        yield server


@pytest.fixture(scope="session")
def live_app(tmp_root: Path, fake_llm: FakeLLM) -> Iterator[LiveServer]:
    """The real app, started once for the API and browser suites, on its own database."""
    llm = {"BANKCHAT_LLM_BASE_URL": fake_llm.base_url, "BANKCHAT_LLM_RETRIES": "0", "BANKCHAT_LLM_MODEL": "fake"}
    # Lets the sign-in throttle tests act as distinct clients (X-Forwarded-For), so their
    # per-address lockouts never touch the rest of the suite on 127.0.0.1.
    env = {**llm, "BANKCHAT_TRUST_FORWARDED_FOR": "true"}
    server = LiveServer(db_url=f"sqlite:///{tmp_root / 'live.db'}", log_path=tmp_root / "live-app.log", env=env)
    server.start()
    yield server
    server.stop()
    errors = server.server_errors()
    assert not errors, "the app logged unhandled errors:\n" + "\n".join(errors[:20])


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Remove this run's databases and logs when everything passed (kept for a look otherwise)."""
    if exitstatus == 0:
        shutil.rmtree(_TMP, ignore_errors=True)
    else:
        print(f"\nbankchat: test databases and the live app's log are kept in {_TMP}")
