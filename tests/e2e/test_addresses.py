"""The app works under any address of its machine, not only the configured front-end origin."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.helpers import CHAT_URL, DEMO_PASSWORD, new_conversation, send
from tests.support.live_server import LiveServer


def test_chat_opened_at_127_0_0_1_signs_in_and_answers(page: Page, live_app: LiveServer) -> None:
    # The live app is configured for http://localhost:<port>; this page's origin is another one.
    page.goto(f"http://127.0.0.1:{live_app.port}/login")
    page.fill("#login-username", "alice")
    page.fill("#login-password", DEMO_PASSWORD)
    page.click("#login-button")
    page.wait_for_url(CHAT_URL)
    expect(page.locator("#chat-input")).to_be_enabled()
    expect(page.locator("#getting-ready-banner")).to_have_count(0)
    new_conversation(page)  # alice's last conversation may still be loading its history: count from an empty one

    send(page, "what's my balance?")

    assert page.url.startswith(f"http://127.0.0.1:{live_app.port}/")
