"""What a customer's browser lives through: hostile text, a cut network, a reload mid-reply."""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Dialog, Page, expect

from tests.e2e.helpers import bot_messages, new_conversation, send, sign_in
from tests.support.fake_llm import FakeLLM, Stream, Tools

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> [link](javascript:alert(2))'


def test_script_in_message_renders_as_text_and_no_dialog_opens(page: Page) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    sign_in(page, "alice")
    new_conversation(page)
    send(page, HOSTILE)
    bubble = page.locator(".bubble-user").last
    expect(bubble).to_have_text(HOSTILE)
    assert page.locator(".message-column script").count() == 0
    assert page.locator(".message-column img").count() == 0
    assert page.locator(".message-column a[href^='javascript']").count() == 0
    page.reload()
    expect(page.locator(".bubble-user").last).to_have_text(HOSTILE)
    assert dialogs == []


def test_network_cut_and_restored_delivers_once(page: Page, context: BrowserContext, browser_errors) -> None:  # type: ignore[no-untyped-def]
    browser_errors.allow("WebSocket")
    browser_errors.allow("ERR_INTERNET_DISCONNECTED")
    sign_in(page, "bob")
    new_conversation(page)
    send(page, "hello")
    context.set_offline(True)
    page.fill("#chat-input", "what can you do?")
    page.press("#chat-input", "Enter")  # queued by the page while the socket is down
    page.wait_for_timeout(1500)
    context.set_offline(False)
    expect(page.locator(".bubble-user")).to_have_count(2)
    expect(bot_messages(page)).to_have_count(2)
    expect(bot_messages(page).last).to_contain_text("Here is what I can do for you")
    page.reload()
    expect(page.locator(".bubble-user")).to_have_text(["hello", "what can you do?"])
    expect(bot_messages(page)).to_have_count(2)


def test_reload_during_reply_shows_one_message_then_the_reply(page: Page, fake_llm: FakeLLM) -> None:
    sign_in(page, "alice")
    new_conversation(page)
    understood = Tools([("knowledge", {"topic": "exchange_rate"})])  # the model's understanding comes first
    fake_llm.push(understood, Stream(["Exchange rates ", "follow the market ", "mid-rate."], pause_after=1))
    page.fill("#chat-input", "what exchange rate do you use?")
    page.press("#chat-input", "Enter")
    expect(page.locator("#streaming-reply")).to_have_text("Exchange rates")
    page.reload()
    expect(page.locator(".bubble-user")).to_have_text(["what exchange rate do you use?"])
    expect(bot_messages(page)).to_have_count(0)
    fake_llm.resume()
    expect(bot_messages(page)).to_have_count(1)
    expect(bot_messages(page).last).to_contain_text("Exchange rates follow the market mid-rate.")
    expect(page.locator(".bubble-user")).to_have_count(1)
    page.reload()
    expect(page.locator(".bubble-user")).to_have_count(1)
    expect(bot_messages(page)).to_have_count(1)
