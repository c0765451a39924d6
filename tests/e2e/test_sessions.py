"""The conversation list: new, switch, rename, delete."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.helpers import new_conversation, send, sign_in
from tests.support.markers import unique_text


def _row(page: Page, text: str):  # type: ignore[no-untyped-def]
    return page.locator(".session-row").filter(has_text=text)


def test_new_session_switch_back_shows_its_history(page: Page) -> None:
    sign_in(page, "bob")
    new_conversation(page)
    first = unique_text("first topic", 6)
    send(page, first)
    new_conversation(page)
    expect(page.locator("#empty-state")).to_be_visible()
    second = unique_text("second topic", 6)
    send(page, second)
    expect(page.locator(".message-user")).to_have_count(1)

    _row(page, first).click()
    expect(page.locator("#session-title")).to_have_text(first)
    expect(page.locator(".bubble-user")).to_have_text([first])
    _row(page, second).click()
    expect(page.locator(".bubble-user")).to_have_text([second])


def test_rename_session_updates_list_and_title(page: Page) -> None:
    sign_in(page, "bob")
    new_conversation(page)
    topic = unique_text("rename me", 6)
    send(page, topic)
    _row(page, topic).get_by_label("Conversation actions").click()
    page.get_by_role("menuitem", name="Rename").click()
    new_title = unique_text("Holiday budget", 4)
    page.fill("#rename-input", new_title)
    page.click("#rename-save")
    expect(_row(page, new_title)).to_have_count(1)
    expect(page.locator("#session-title")).to_have_text(new_title)
    page.reload()
    expect(_row(page, new_title)).to_have_count(1)


def test_delete_session_removes_it_after_confirmation(page: Page) -> None:
    sign_in(page, "bob")
    new_conversation(page)
    topic = unique_text("delete me", 6)
    send(page, topic)
    _row(page, topic).get_by_label("Conversation actions").click()
    page.get_by_role("menuitem", name="Delete").click()
    page.click("#delete-confirm")
    expect(_row(page, topic)).to_have_count(0)
    expect(page.get_by_text(topic)).to_have_count(0)
    page.reload()
    expect(page.locator("#chat-input")).to_be_visible()
    expect(_row(page, topic)).to_have_count(0)
