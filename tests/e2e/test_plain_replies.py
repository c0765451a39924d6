"""Without an LLM, a reply is made inside the send event (one event, no background task): the same journey."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.api.ws import CHAT, RecordingClient, web_cookie
from tests.api.ws import send as ws_send
from tests.e2e.helpers import CHAT_URL, bot_messages, new_conversation, send, sign_in
from tests.support.live_server import LiveServer
from tests.support.run_async import run_async

MONEY = re.compile(r"£[\d,]+\.\d\d")


@pytest.fixture(scope="module")
def plain_app(tmp_root: Path, live_app: LiveServer) -> Iterator[LiveServer]:
    """The real app with no LLM configured: replies never stream, so ``send`` answers inline.

    Two Reflex apps cannot run from one project folder at once (starting one stops the
    other), so the suite's app pauses meanwhile and starts again afterwards.
    """
    live_app.stop()
    server = LiveServer(db_url=f"sqlite:///{tmp_root / 'plain.db'}", log_path=tmp_root / "plain-app.log", env={})
    try:
        server.start()
        yield server
    finally:
        server.stop()
        live_app.start()
    errors = server.server_errors()
    assert not errors, "the app logged unhandled errors:\n" + "\n".join(errors[:20])


@pytest.fixture
def plain_page(browser: Browser, plain_app: LiveServer, watch: Callable[[Page], Page]) -> Iterator[Page]:
    context = browser.new_context(base_url=plain_app.base_url)
    yield watch(context.new_page())
    context.close()


def test_a_transfer_confirmed_and_the_history_kept_without_an_llm(plain_page: Page) -> None:
    page = plain_page
    sign_in(page, "alice")
    new_conversation(page)
    send(page, "what's my balance?")
    expect(bot_messages(page).last).to_contain_text("Everyday Checking")
    send(page, "send 25 to savings")
    expect(bot_messages(page).last).to_contain_text("25.00")
    send(page, "yes")
    expect(bot_messages(page).last).to_contain_text(MONEY)
    expect(page.locator(".message-user")).to_have_count(3)
    expect(page.locator(".message-user[data-status='pending']")).to_have_count(0)
    expect(page.locator(".typing")).to_have_count(0)

    page.reload()
    page.wait_for_url(CHAT_URL)
    expect(page.locator(".message-user")).to_have_count(3)
    expect(bot_messages(page)).to_have_count(3)
    send(page, "and now?")
    expect(page.locator(".message-user")).to_have_count(4)


def test_many_messages_fold_into_the_window_in_order(plain_page: Page) -> None:
    page = plain_page
    sign_in(page, "bob")
    new_conversation(page)
    for i in range(15):  # more than the short list holds before it folds into the window
        page.fill("#chat-input", f"note {i}")
        page.press("#chat-input", "Enter")
        expect(page.locator(".message-user").last).to_contain_text(f"note {i}")
        expect(page.locator(".message-user").last).to_have_attribute("data-status", "sent")
    texts = page.locator(".message-user").all_inner_texts()
    numbers = [int(m.group(1)) for t in texts if (m := re.search(r"note (\d+)", t))]
    assert numbers == sorted(numbers)
    assert numbers[-1] == 14
    expect(page.locator("#load-older")).to_be_visible()  # the window keeps 20 messages: older ones on demand


def test_a_quick_reply_comes_in_one_frame_with_its_message(plain_app: LiveServer) -> None:
    """Counted, not timed: an embedded turn (a few ms, under ``QUICK_TURN_SECONDS``) sends the
    customer's message and the reply in one delta, so ``fresh`` is not sent twice per message."""

    async def replies() -> list[tuple[int, str]]:
        cookie = web_cookie(plain_app.base_url, "bob")
        async with await RecordingClient.open(plain_app.base_url, pathname="/chat", cookie=cookie) as tab:
            assert tab.state_name(CHAT)
            answers = [await ws_send(tab, text) for text in ("hello", "what's my balance", "thanks")]
        return [(a.frames, a.last) for a in answers]

    answers = run_async(replies())  # the browser tests' event loop runs in this thread
    assert [frames for frames, _ in answers] == [1, 1, 1]
    assert all("what's my balance" in last or "hello" in last or "thanks" in last for _, last in answers)
