"""Steps shared by the browser journeys."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

DEMO_PASSWORD = "Password123!"
CHAT_URL = re.compile(r".*/chat/?$")
LOGIN_URL = re.compile(r".*/login/?$")


def sign_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in on the login page and wait for the chat to be ready."""
    page.goto("/login")
    page.fill("#login-username", username)
    page.fill("#login-password", password)
    page.click("#login-button")
    page.wait_for_url(CHAT_URL)
    expect(page.locator("#user-name")).to_be_visible()
    expect(page.locator("#chat-input")).to_be_enabled()


def bot_messages(page: Page):  # type: ignore[no-untyped-def]
    """The bot's replies on screen."""
    return page.locator(".message-bot")


def send(page: Page, text: str, timeout: float | None = None) -> None:
    """Type a message and press Enter; wait until one more reply is on screen."""
    before = bot_messages(page).count()
    page.fill("#chat-input", text)
    page.press("#chat-input", "Enter")
    expect(bot_messages(page)).to_have_count(before + 1, timeout=timeout)


def new_conversation(page: Page) -> None:
    """Start a new conversation and wait until its empty page shows."""
    page.click("#new-session-button")
    expect(page.locator("#empty-state")).to_be_visible()
    expect(page.locator(".message")).to_have_count(0)
