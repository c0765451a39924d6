"""Thumbs on the bot's replies (kept across a reload) and the transcript download."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.helpers import bot_messages, new_conversation, send, sign_in
from tests.support.markers import unique_text


def test_thumbs_on_a_reply_are_stored_and_shown_after_reload(page: Page) -> None:
    sign_in(page, "alice")
    new_conversation(page)
    send(page, "hello")
    thumbs = bot_messages(page).last.locator(".feedback-buttons")
    expect(thumbs).to_have_attribute("data-feedback", "")

    thumbs.get_by_label("Helpful", exact=True).click()
    expect(thumbs).to_have_attribute("data-feedback", "up")
    expect(thumbs.get_by_label("Helpful", exact=True)).to_have_attribute("aria-pressed", "true")
    page.reload()
    thumbs = bot_messages(page).last.locator(".feedback-buttons")
    expect(thumbs).to_have_attribute("data-feedback", "up")

    thumbs.get_by_label("Not helpful").click()
    expect(thumbs).to_have_attribute("data-feedback", "down")
    thumbs.get_by_label("Not helpful").click()  # the same thumb again takes the rating back
    expect(thumbs).to_have_attribute("data-feedback", "")
    page.reload()
    expect(bot_messages(page).last.locator(".feedback-buttons")).to_have_attribute("data-feedback", "")


def test_download_transcript_saves_the_conversation_as_markdown(page: Page, tmp_path: Path) -> None:
    sign_in(page, "alice")
    new_conversation(page)
    topic = unique_text("transcript please", 6)
    send(page, topic)

    with page.expect_download() as info:
        page.click("#download-transcript")
    download = info.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    assert re.fullmatch(r"bankchat-transcript-\d{8}-\d{4}\.md", download.suggested_filename)
    text = saved.read_text(encoding="utf-8")
    assert text.startswith(f"# {topic}\n")
    assert "(customer) · " in text
    assert "### BankChat assistant (" in text
