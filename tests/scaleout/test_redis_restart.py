"""Redis restarts mid-conversation (every state in it lost): the conversation goes on from the database.

This module runs its own ``redis-server`` (needs the executable), so restarting it
disturbs nobody else using the machine's Redis.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from tests.api.helpers import bearer, login, new_session, send
from tests.e2e import helpers as page_steps
from tests.scaleout.conftest import unavailable
from tests.scaleout.helpers import worker_client
from tests.scaleout.redis_process import RedisProcess
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.scaleout


@pytest.fixture(scope="module")
def redis_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisProcess]:
    """A private Redis for this module."""
    executable = shutil.which("redis-server")
    if executable is None:
        unavailable("redis-server is not installed, so the Redis restart is not tested")
    server = RedisProcess(executable, tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def redis_url(redis_process: RedisProcess) -> str:
    """The app of this module uses the private Redis."""
    return f"{redis_process.url}/0"


def test_conversation_goes_on_after_redis_restart(
    scaleout_app: LiveServer, redis_process: RedisProcess, browser: Browser
) -> None:
    context = browser.new_context(base_url=scaleout_app.base_url)
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page_steps.sign_in(page, "bob")
        page_steps.new_conversation(page)
        page_steps.send(page, "hello before the restart")
        with worker_client(scaleout_app) as api:
            token = login(api, "manager")
            session_id = new_session(api, token)["sessionId"]
            read_back = send(api, token, session_id, "transfer 5.00 to savings").json()["reply"]["content"]
            assert "Please confirm" in read_back

        redis_process.restart()

        # The open page goes on: its state is rebuilt from the sign-in cookie and the database.
        page_steps.send(page, "hello after the restart")
        expect(page.locator(".bubble-user")).to_have_text(["hello before the restart", "hello after the restart"])
        with worker_client(scaleout_app) as api:
            done = send(api, token, session_id, "yes").json()["reply"]["content"]
            assert "Done!" in done
            assert api.get("/api/me", headers=bearer(token)).status_code == 200
        page.reload()
        page.wait_for_url(page_steps.CHAT_URL)
        expect(page.locator("#user-name")).to_have_text("Bob Brown")
        expect(page.locator(".bubble-user")).to_have_text(["hello before the restart", "hello after the restart"])
        expect(page_steps.bot_messages(page)).to_have_count(2)
    finally:
        context.close()
    assert not errors, errors
