"""The composer: Enter sends, Shift+Enter adds a line, nothing to send while empty."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.helpers import bot_messages, sign_in


def test_send_button_disabled_while_composer_empty(page: Page) -> None:
    sign_in(page, "alice")
    expect(page.locator("#send-button")).to_be_disabled()
    page.fill("#chat-input", "   ")
    expect(page.locator("#send-button")).to_be_disabled()
    page.fill("#chat-input", "hi")
    expect(page.locator("#send-button")).to_be_enabled()


def test_shift_enter_adds_line_and_enter_sends(page: Page) -> None:
    sign_in(page, "alice")
    before = bot_messages(page).count()
    page.click("#chat-input")
    page.keyboard.type("first line")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("second line")
    expect(page.locator("#chat-input")).to_have_value("first line\nsecond line")
    page.keyboard.press("Enter")
    expect(bot_messages(page)).to_have_count(before + 1)
    expect(page.locator(".message-user").last).to_contain_text("first line\nsecond line")
    expect(page.locator("#chat-input")).to_have_value("")
