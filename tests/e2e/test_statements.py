"""A statement in the browser: asked for in the chat, its PDF link clicked, the file downloaded; and only links into
our own API are links in a reply."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.helpers import bot_messages, new_conversation, send, sign_in
from tests.support.fake_llm import FakeLLM, Stream, Tools

SIGNED_PDF = re.compile(r"^/api/statements/\d+/\d{4}-\d{2}\.pdf\?expires=\d+&signature=[\w-]{43}$")


def test_alice_asks_for_statement_and_downloads_pdf_from_chat(page: Page, tmp_path: Path) -> None:
    sign_in(page, "alice")
    new_conversation(page)

    send(page, "statement pls")
    reply = bot_messages(page).last
    expect(reply.locator(".agent-badge")).to_have_text("accounts")
    expect(reply).to_contain_text("Everyday Checking")
    expect(reply).to_contain_text("Closing balance")
    pdf = reply.get_by_role("link", name="PDF", exact=True)
    expect(pdf).to_have_attribute("href", SIGNED_PDF)
    expect(reply.get_by_role("link", name="CSV", exact=True)).to_be_visible()

    with page.expect_download() as downloading:
        pdf.click()
    download = downloading.value
    assert download.suggested_filename.startswith("bankchat-statement-")
    assert download.suggested_filename.endswith(".pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    expect(page.locator("#chat-input")).to_be_enabled()  # the chat stays where it was


def test_reply_link_into_own_api_stays_a_link_and_one_elsewhere_shows_as_words(page: Page, fake_llm: FakeLLM) -> None:
    sign_in(page, "alice")
    new_conversation(page)
    understood = Tools([("knowledge", {"topic": "exchange_rate"})])
    phrased = Stream(
        ["Rates follow the market: see [our rates](https://evil.example/rates) ", "or [the PDF](/api/x.pdf)."]
    )
    fake_llm.push(understood, phrased)

    send(page, "what exchange rate do you use?")

    reply = bot_messages(page).last
    expect(reply).to_contain_text("see our rates or the PDF")
    expect(reply.get_by_role("link", name="the PDF", exact=True)).to_have_attribute("href", "/api/x.pdf")
    assert reply.locator("a[href*='evil.example']").count() == 0
    assert reply.get_by_role("link", name="our rates").count() == 0
