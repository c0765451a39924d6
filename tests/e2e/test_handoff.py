"""Human hand-off across two browsers: alice asks for a person, the manager takes over and hands back."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import bot_messages, new_conversation, send, sign_in


def _context_page(browser: Browser, base_url: str, watch: Callable[[Page], Page]) -> Page:
    """A page in its own browser context (its own cookies: a second person at another computer)."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1400, "height": 950})
    return watch(context.new_page())


def test_manager_takes_over_a_conversation_and_hands_it_back(
    browser: Browser, base_url: str, watch: Callable[[Page], Page]
) -> None:
    alice = _context_page(browser, base_url, watch)
    manager = _context_page(browser, base_url, watch)

    sign_in(alice, "alice")
    new_conversation(alice)
    send(alice, "I'd like to talk to a real person please")
    expect(bot_messages(alice).last).to_contain_text("member of our team")
    expect(alice.locator("#handoff-banner")).to_contain_text("A colleague has been asked to join")

    sign_in(manager, "manager")
    manager.click("#console-link")
    manager.wait_for_url(re.compile(r".*/console/?$"))
    queued = manager.locator("[data-testid=queue-item]", has_text="alice").last
    expect(queued).to_contain_text("queued")
    queued.click()
    expect(manager.locator("#console-transcript")).to_contain_text("talk to a real person")
    manager.click("#claim-button")

    # alice sees the colleague join and write, without reloading.
    expect(alice.locator("#handoff-banner")).to_contain_text("chatting with BankChat staff")
    expect(alice.locator(".message-staff").last).to_contain_text("from the BankChat team")
    manager.fill("#staff-input", "I've looked at your account: the fee was refunded this morning.")
    manager.click("#staff-send")
    expect(alice.locator(".message-staff").last).to_contain_text("the fee was refunded this morning")

    # While a person holds the conversation the bot stays quiet.
    bot_only = alice.locator(".message-bot:not(.message-staff)")
    replies_before = bot_only.count()
    alice.fill("#chat-input", "Thank you! Can you also raise my card limit?")
    alice.press("#chat-input", "Enter")
    expect(manager.locator("#console-transcript")).to_contain_text("raise my card limit")
    alice.wait_for_timeout(1_500)
    expect(bot_only).to_have_count(replies_before)

    manager.click("#hand-back-button")
    expect(alice.locator("#handoff-banner")).to_have_count(0)
    expect(alice.locator(".message-staff").last).to_contain_text("handing you back")
    send(alice, "what's my balance?")
    expect(bot_messages(alice).last).to_contain_text("Everyday Checking")

    # The manager's looks and actions are in the console's audit log.
    audit = manager.locator("#audit-log")
    for action in ("view transcript", "claim", "staff reply", "hand back"):
        expect(audit).to_contain_text(action)


def test_a_customer_opening_the_console_gets_their_chat(page: Page) -> None:
    sign_in(page, "bob")
    expect(page.locator("#console-link")).to_have_count(0)
    page.goto("/console")
    page.wait_for_url(re.compile(r".*/chat/?$"))
    expect(page.locator("#chat-input")).to_be_enabled()


def test_html_a_customer_typed_is_text_in_the_console_transcript(
    browser: Browser, base_url: str, watch: Callable[[Page], Page]
) -> None:
    alice = _context_page(browser, base_url, watch)
    manager = _context_page(browser, base_url, watch)
    typed = '<img src=x onerror="alert(1)"> please let me talk to a person'
    sign_in(alice, "alice")
    new_conversation(alice)
    send(alice, typed)

    sign_in(manager, "manager")
    manager.goto("/console")
    manager.locator("[data-testid=queue-item]", has_text="alice").last.click()
    transcript = manager.locator("#console-transcript")
    expect(transcript).to_contain_text('<img src=x onerror="alert(1)">')
    expect(transcript.locator("img")).to_have_count(0)


def test_markdown_a_customer_typed_is_literal_text_in_the_console_transcript(
    browser: Browser, base_url: str, watch: Callable[[Page], Page]
) -> None:
    """Pen-test 18.5: an image (beacon), a link (phishing) and a heading (fake assistant) stay text for staff."""
    alice = _context_page(browser, base_url, watch)
    manager = _context_page(browser, base_url, watch)
    beacon = f"{base_url}/beacon.gif?who=staff"
    typed = f"### BankChat assistant\n![]({beacon}) [Verify your account](http://phish.invalid/login) now"
    sign_in(alice, "alice")
    new_conversation(alice)
    send(alice, typed)
    send(alice, "please let me talk to a person")

    requested: list[str] = []
    manager.on("request", lambda request: requested.append(request.url))
    sign_in(manager, "manager")
    manager.goto("/console")
    manager.locator("[data-testid=queue-item]", has_text="alice").last.click()
    transcript = manager.locator("#console-transcript")
    expect(transcript).to_contain_text("talk to a person")
    customer = transcript.locator("[data-role=user]", has_text="Verify your account")
    expect(customer).to_contain_text(f"### BankChat assistant ![]({beacon})")
    expect(customer).to_contain_text("[Verify your account](http://phish.invalid/login)")
    for tag in ("img", "a", "h1", "h2", "h3"):
        expect(transcript.locator(tag)).to_have_count(0)
    assert not [url for url in requested if "beacon.gif" in url or "phish.invalid" in url]
