"""A backend restart loses nothing: the user stays signed in and the conversation goes on."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import BrowserErrors
from tests.e2e.helpers import CHAT_URL, bot_messages, new_conversation, send, sign_in
from tests.support.live_server import LiveServer
from tests.support.markers import unique_text


def test_backend_restart_keeps_sign_in_and_history(
    page: Page, live_app: LiveServer, browser_errors: BrowserErrors
) -> None:
    browser_errors.allow("WebSocket")  # the socket drops while the server is down
    browser_errors.allow("ERR_CONNECTION_REFUSED")
    sign_in(page, "manager")
    new_conversation(page)
    before = unique_text("before restart", 6)
    send(page, before)

    live_app.restart()

    # The open page reconnects by itself and the conversation goes on.
    after = unique_text("after restart", 6)
    send(page, after, timeout=45_000)  # the page's socket reconnects with a back-off
    expect(page.locator(".bubble-user")).to_have_text([before, after])

    page.reload()
    page.wait_for_url(CHAT_URL)
    expect(page.locator(".bubble-user")).to_have_text([before, after])
    expect(bot_messages(page)).to_have_count(2)
    expect(page.locator("#user-name")).to_have_text("Morgan Manager")
