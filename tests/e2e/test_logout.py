"""Pen-test 18.4 in a shared browser: after "Sign out" the tab keeps nothing, and its old
state token, presented without a cookie, opens an empty state."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from playwright.sync_api import Page, expect

from tests.api.ws import AUTH, RecordingClient, seen
from tests.e2e.helpers import LOGIN_URL, new_conversation, send, sign_in
from tests.support.live_server import LiveServer
from tests.support.markers import unique_text


def _sign_out(page: Page) -> str:
    """Click "Sign out" and wait for the login page; the state token the tab had before."""
    token = page.evaluate("window.sessionStorage.getItem('token')")
    assert token
    page.get_by_role("button", name="Sign out").first.click()
    page.wait_for_url(LOGIN_URL)
    expect(page.locator("#login-button")).to_be_visible()
    kept = page.evaluate("JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
    assert token not in kept  # the new page may keep its own things (a theme), never the old tab's
    return str(token)


async def _first_update_async(base_url: str, token: str, pathname: str) -> tuple[str, str]:
    async with await RecordingClient.open(base_url, pathname=pathname, token=token) as tab:
        return seen(tab), str(tab.last_delta[tab.state_name(AUTH)].get("username_rx_state_", ""))


def _first_update(base_url: str, token: str, pathname: str) -> tuple[str, str]:
    """What a socket presenting ``token`` without a cookie receives first, and the username in it.

    Playwright's sync API keeps an event loop running on this thread, so the socket runs on its own.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _first_update_async(base_url, token, pathname)).result(timeout=60)


def test_customer_then_manager_sign_out_on_a_shared_browser_leave_nothing(page: Page, live_app: LiveServer) -> None:
    marker = unique_text("shared browser")
    sign_in(page, "alice")
    new_conversation(page)
    send(page, marker)
    customer_token = _sign_out(page)
    expect(page.get_by_text(marker)).to_have_count(0)
    assert marker not in page.evaluate("JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")

    sign_in(page, "manager")
    page.goto("/console")
    page.locator("[data-testid=session-row]", has_text=marker).first.click()
    expect(page.locator("#console-transcript")).to_contain_text(marker)
    manager_token = _sign_out(page)
    expect(page.get_by_text(marker)).to_have_count(0)

    for token, pathname in ((customer_token, "/chat"), (manager_token, "/console")):
        frames, username = _first_update(live_app.base_url, token, pathname)
        assert username == ""
        assert marker not in frames
        assert "Alice" not in frames
