"""The login-to-message journey, as a customer clicks through it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import BrowserErrors
from tests.e2e.helpers import CHAT_URL, LOGIN_URL, bot_messages, new_conversation, send, sign_in
from tests.support.markers import unique_text


def test_send_message_after_sign_in_gets_reply(page: Page) -> None:
    """The original failure replayed in the browser: the page's session ID reaches ChatService."""
    sign_in(page, "manager")
    send(page, "Hello!")
    reply = bot_messages(page).last
    expect(reply).to_contain_text("Hello Morgan")
    expect(reply.locator(".agent-badge")).to_have_text("smalltalk")
    expect(page.get_by_text("Session not found")).to_have_count(0)
    expect(page.locator(".message-user").last).to_contain_text("Hello!")


def test_refresh_chat_page_keeps_sign_in_and_history(page: Page) -> None:
    sign_in(page, "manager")
    marker = unique_text("remember")
    send(page, marker)
    send(page, "what can you do?")
    page.reload()
    page.wait_for_url(CHAT_URL)
    expect(page.locator(".message-user").filter(has_text=marker)).to_have_count(1)
    expect(bot_messages(page).last).to_contain_text("Here is what I can do for you")
    expect(page.locator("#user-name")).to_have_text("Morgan Manager")


def test_sign_out_then_chat_page_redirects_to_login(page: Page) -> None:
    sign_in(page, "bob")
    page.click("#logout-button")
    page.wait_for_url(LOGIN_URL)
    page.goto("/chat")
    page.wait_for_url(LOGIN_URL)
    expect(page.locator("#login-button")).to_be_visible()


def test_signed_out_visit_to_chat_redirects_to_login(page: Page) -> None:
    page.goto("/chat")
    page.wait_for_url(LOGIN_URL)
    page.goto("/")
    page.wait_for_url(LOGIN_URL)


def test_wrong_password_and_unknown_user_show_same_generic_error(page: Page, browser_errors: BrowserErrors) -> None:
    browser_errors.allow("status of 401")  # the browser logs the refused sign-in request itself
    page.goto("/login")
    page.fill("#login-username", "manager")
    page.fill("#login-password", "not-the-password")
    page.click("#login-button")
    wrong_password = page.locator("#login-error")
    expect(wrong_password).to_have_text("Invalid username or password.")
    page.fill("#login-username", "nobody-here")
    expect(page.locator("#login-error")).to_have_count(0)
    page.click("#login-button")
    expect(page.locator("#login-error")).to_have_text("Invalid username or password.")
    expect(page).to_have_url(LOGIN_URL)


def test_second_user_cannot_see_first_users_sessions(page: Page, new_context, watch) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "alice")
    new_conversation(page)
    secret = unique_text("alice private")
    send(page, secret)
    expect(page.locator("#session-list")).to_contain_text(secret)

    bob = watch(new_context().new_page())
    sign_in(bob, "bob")
    expect(bob.locator("#session-list")).not_to_contain_text(secret)
    expect(bob.get_by_text(secret)).to_have_count(0)
