"""The chat page's reading aids: starters, copy, jump to latest, the counter, a rate-limited message, phones."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.db import engine_for
from bankchat.models import ChatSession, Message
from bankchat.settings import get_settings
from tests.e2e.helpers import DEMO_PASSWORD, bot_messages, new_conversation, send, sign_in
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.support.fake_llm import FakeLLM, Stream, Tools
from tests.support.live_server import LiveServer
from tests.support.markers import unique_text

FROM_BOTTOM = "el => Math.abs(el.scrollTop)"
"""How far the message list (a column-reverse scroller: 0 is the bottom) is scrolled up."""


def _long_conversation(page: Page, replies: int = 3) -> None:
    """A new conversation taller than the screen (transaction tables)."""
    new_conversation(page)
    for _ in range(replies):
        send(page, "show my last 10 transactions")


def test_starter_sends_its_text_and_the_empty_state_goes(page: Page) -> None:
    sign_in(page, "alice")
    new_conversation(page)
    starters = page.locator("#starters button")
    expect(starters).to_have_count(4)
    expect(starters.first).to_have_text("What's my balance?")
    expect(page.get_by_role("group", name="Conversation starters")).to_be_visible()

    # Within the starters: earlier tests may have left conversations titled the same in the sidebar.
    page.get_by_role("group", name="Conversation starters").get_by_role("button", name="What's my balance?").click()

    expect(page.locator(".bubble-user")).to_have_text(["What's my balance?"])
    expect(bot_messages(page)).to_have_count(1)
    expect(bot_messages(page).last).to_contain_text("£")
    expect(page.locator("#empty-state")).to_have_count(0)


def test_copy_button_copies_the_reply_text(page: Page) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page, "alice")
    new_conversation(page)
    send(page, "What's my balance?")
    reply = bot_messages(page).last
    copy = reply.get_by_role("button", name="Copy reply")
    copy.focus()
    expect(copy).to_be_focused()
    outline = copy.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none", "the copy button shows no keyboard focus"

    page.keyboard.press("Enter")

    expect(copy).to_have_attribute("data-copied", "")
    copied = page.evaluate("navigator.clipboard.readText()")
    shown = reply.locator(".bubble").inner_text().strip()
    assert copied == shown
    assert "£" in copied
    expect(page.locator("#reply-announcer")).to_have_text("Reply copied to the clipboard")


def test_reply_below_the_fold_shows_jump_to_latest_which_scrolls_down(page: Page, fake_llm: FakeLLM) -> None:
    page.set_viewport_size({"width": 1100, "height": 620})
    sign_in(page, "bob")
    _long_conversation(page)
    messages = page.locator("#message-list")
    jump = page.locator("#jump-to-latest")
    expect(jump).to_be_hidden()
    fake_llm.push(
        Tools([("knowledge", {"topic": "card_arrival"})]),
        Stream(["Cards usually ", "arrive within ", "3-5 business days."], pause_after=1),
    )
    page.fill("#chat-input", "when will my new card arrive")
    page.press("#chat-input", "Enter")
    expect(page.locator("#streaming-reply")).to_have_text("Cards usually")
    messages.evaluate("el => el.scrollBy(0, -2000)")
    expect(jump).to_be_visible()  # scrolled up: the way back
    expect(jump.locator(".jump-new")).to_be_hidden()

    fake_llm.resume()

    expect(bot_messages(page).last).to_contain_text("3-5 business days")
    expect(jump.locator(".jump-new")).to_be_visible()  # it says why it showed up
    expect(jump).to_have_accessible_name("New reply below · Jump to latest")
    assert messages.evaluate(FROM_BOTTOM) > 500  # the page did not jump by itself
    expect(page.locator("#reply-announcer")).to_contain_text("Cards usually arrive within 3-5 business days.")
    jump.click()
    expect(jump).to_be_hidden()
    page.wait_for_function("Math.abs(document.getElementById('message-list').scrollTop) < 2")
    expect(bot_messages(page).last).to_be_in_viewport()


def test_switching_conversations_lands_on_the_latest_message(page: Page) -> None:
    page.set_viewport_size({"width": 1100, "height": 620})
    sign_in(page, "bob")
    _long_conversation(page)
    first = page.locator("#session-title").inner_text()
    _long_conversation(page)
    messages = page.locator("#message-list")
    messages.evaluate("el => el.scrollBy(0, -3000)")  # reading the second one's older messages
    assert messages.evaluate(FROM_BOTTOM) > 500

    page.locator(".session-row").filter(has_text=first).first.click()

    expect(page.locator("#session-title")).to_have_text(first)
    expect(bot_messages(page)).to_have_count(3)
    page.wait_for_function("Math.abs(document.getElementById('message-list').scrollTop) < 2")
    expect(bot_messages(page).last).to_be_in_viewport()
    expect(page.locator("#jump-to-latest")).to_be_hidden()


def test_counter_near_limit_and_a_too_long_message_is_kept_whole(page: Page) -> None:
    limit = get_settings().max_message_chars
    sign_in(page, "alice")
    counter = page.locator("#char-counter")
    page.fill("#chat-input", "x" * (limit // 2))
    expect(counter).to_have_count(0)  # far from the limit: no counter
    page.fill("#chat-input", "x" * (limit - 10))
    expect(counter).to_have_text(f"{limit - 10} / {limit}")
    expect(page.locator("#send-button")).to_be_enabled()

    too_long = "y" * (limit + 25)
    page.fill("#chat-input", too_long)  # a paste: nothing is cut

    expect(counter).to_have_text(re.compile(rf"^25 characters too many.*{limit}"))
    expect(page.locator("#send-button")).to_be_disabled()
    page.press("#chat-input", "Enter")
    expect(page.locator("#chat-input")).to_have_value(too_long)
    expect(page.locator(".message-user").filter(has_text="yyyy")).to_have_count(0)
    page.fill("#chat-input", "short again")
    expect(counter).to_have_count(0)
    expect(page.locator("#send-button")).to_be_enabled()


def test_rate_limited_message_says_when_and_stays_in_composer(page: Page, live_app: LiveServer) -> None:
    engine = engine_for(live_app.db_url)
    with Db(engine, expire_on_commit=False) as db:
        member = make_user(db, display_name="Rita Ratelimit")
        db.commit()
    page.goto("/login")
    page.fill("#login-username", member.username)
    page.fill("#login-password", DEFAULT_PASSWORD)
    page.click("#login-button")
    expect(page.locator("#chat-input")).to_be_enabled()
    expect(page.locator("#empty-state")).to_be_visible()
    with Db(engine) as db:  # the minute's messages, up to the limit
        session_id = db.exec(select(ChatSession.session_id).where(ChatSession.user_id == member.id)).one()
        limit = get_settings().messages_per_minute
        db.add_all(Message(session_id=session_id, role="user", content=f"m{i}") for i in range(limit))
        db.commit()
    text = unique_text("one too many", 6)

    page.fill("#chat-input", text)
    page.press("#chat-input", "Enter")

    notice = page.locator("#composer-notice")
    expect(notice).to_contain_text(re.compile(r"too quickly\. Please wait \d+ seconds? and try again"))
    expect(notice).to_have_attribute("role", "alert")
    expect(page.locator("#chat-input")).to_have_value(text)
    expect(page.locator(".message-user")).to_have_count(0)  # nothing stored, nothing shown
    expect(page.locator("#typing-indicator")).to_have_count(0)
    with Db(engine) as db:
        stored = db.exec(select(Message.content).where(col(Message.session_id) == session_id)).all()
    assert text not in stored


@contextmanager
def _on_a_phone(browser: Browser, live_app: LiveServer) -> Iterator[Page]:
    """Alice signed in on a 390x844 phone screen (the conversation list is in a drawer there)."""
    context = browser.new_context(base_url=live_app.base_url, viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto("/login")
        page.fill("#login-username", "alice")
        page.fill("#login-password", DEMO_PASSWORD)
        page.click("#login-button")
        expect(page.locator("#chat-input")).to_be_enabled()
        # The composer is enabled from the first paint, before the tab's state is hydrated and the page's
        # on_load has run; a click then may act on a state the hydration replaces. The latest conversation
        # on screen (its messages, or the empty state) says both are done.
        expect(page.locator("#empty-state, .message").first).to_be_visible()
        yield page
    finally:
        context.close()


def test_phone_tables_keep_amounts_on_one_line_and_scroll(browser: Browser, live_app: LiveServer) -> None:
    with _on_a_phone(browser, live_app) as page:
        send(page, "show my last 10 transactions")
        table = bot_messages(page).last.locator("table")
        expect(table).to_be_visible()
        amounts = table.locator("td").filter(has_text=re.compile(r"£\s?[\d,]+\.\d\d"))
        assert amounts.count() >= 5
        lines = amounts.evaluate_all(
            """cells => cells.map(cell => {
                const range = document.createRange();
                range.selectNodeContents(cell);
                return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
            })"""
        )
        assert all(n == 1 for n in lines), f"an amount wraps: lines per cell {lines}"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page itself never scrolls sideways
        scroller = bot_messages(page).last.locator(".table-scroll")
        overflow = scroller.evaluate("el => getComputedStyle(el).overflowX")
        assert overflow == "auto"


def test_phone_drawer_closes_on_new_conversation(browser: Browser, live_app: LiveServer) -> None:
    """On a phone, "New conversation" in the drawer closes it, so what is typed next reaches the composer."""
    with _on_a_phone(browser, live_app) as page:
        page.get_by_role("button", name="Conversations").click()
        drawer = page.locator(".drawer")
        expect(drawer).to_be_visible()
        drawer.get_by_role("button", name="New conversation", exact=True).click()
        expect(drawer).to_have_count(0)
        page.locator("#chat-input").fill("what's my balance")  # nothing covers the composer any more
        expect(page.locator("#chat-input")).to_have_value("what's my balance")


def test_quick_replies_and_starters_wait_while_getting_ready() -> None:
    from bankchat.components.quick_replies import quick_replies
    from bankchat.components.starters import starters

    flag = "readiness_state.preparing"  # the composer's own wait (tests/state/test_readiness_state.py)
    assert flag in str(quick_replies().render())
    assert flag in str(starters().render())


def test_stop_keeps_the_streamed_text_as_the_reply_and_frees_the_composer(page: Page, fake_llm: FakeLLM) -> None:
    sign_in(page, "alice")
    new_conversation(page)
    fake_llm.push(
        Tools([("knowledge", {"topic": "card_arrival"})]),
        Stream(["Cards usually ", "arrive within ", "3-5 business days."], pause_after=1),
    )
    try:
        page.fill("#chat-input", "when will my new card arrive")
        page.press("#chat-input", "Enter")
        expect(page.locator("#streaming-reply")).to_have_text("Cards usually")

        page.locator("#stop-button").click()

        expect(page.locator("#typing-indicator")).to_have_count(0)
        stopped = bot_messages(page).last
        expect(stopped.locator(".bubble")).to_have_text("Cards usually")
        expect(stopped.locator(".agent-badge")).to_have_text("stopped")
        send(page, "hello")  # the composer works at once, the model still holding the stopped stream
        expect(page.locator(".bubble-user")).to_have_text(["when will my new card arrive", "hello"])
        expect(bot_messages(page)).to_have_count(2)
    finally:
        fake_llm.resume()  # the stopped stream's thread ends at its next token

    page.reload()
    expect(page.locator(".bubble-user")).to_have_text(["when will my new card arrive", "hello"])
    expect(bot_messages(page)).to_have_count(2)
    expect(bot_messages(page).first.locator(".bubble")).to_have_text("Cards usually")
    expect(bot_messages(page).first.locator(".agent-badge")).to_have_text("stopped")


def test_console_messages_card_says_what_it_counts_and_the_latency_chart_its_unit(page: Page) -> None:
    sign_in(page, "manager")
    page.goto("/console")
    card = page.locator("#metric-messages")
    expect(card).to_contain_text("Messages")
    expect(card).to_contain_text("customer, bot and staff, all conversations")
    expect(page.locator("#metric-customer-messages")).to_contain_text("Customer messages")
    expect(page.locator("#metrics-panel")).to_contain_text("Median reply time, in milliseconds")
