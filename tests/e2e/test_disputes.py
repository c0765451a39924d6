"""A dispute across two browsers: alice disputes a charge in chat, the manager refunds it in the console,
alice asks how it stands and sees it refunded, the amount back in her account."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import DEMO_PASSWORD, bot_messages, new_conversation, send, sign_in

REFERENCE = re.compile(r"DS-[2-9A-Z]{4}-[2-9A-Z]{4}")


def _context_page(browser: Browser, base_url: str, watch: Callable[[Page], Page]) -> Page:
    """A page in its own browser context (its own cookies: a second person at another computer)."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1400, "height": 950})
    return watch(context.new_page())


def _api(base_url: str, path: str) -> object:
    """``path`` of alice's REST API, read with a token of her own."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        login = client.post("/api/auth/login", json={"username": "alice", "password": DEMO_PASSWORD})
        token = login.json()["accessToken"]
        return client.get(path, headers={"Authorization": f"Bearer {token}"}).json()


def _balance(base_url: str, account_id: int) -> int:
    accounts = _api(base_url, "/api/accounts")
    assert isinstance(accounts, list)
    return int(next(a["balanceCents"] for a in accounts if a["id"] == account_id))


def _open_dispute(alice: Page, pick: str, reason: str) -> str:
    """Alice signs in, disputes the payment at ``pick`` for ``reason`` (no card freeze); the case's reference."""
    sign_in(alice, "alice")
    new_conversation(alice)
    send(alice, "i dont recognise this payment")
    expect(bot_messages(alice).last).to_contain_text("Which one do you want to dispute")
    alice.get_by_role("button", name=pick).click()
    expect(bot_messages(alice).last).to_contain_text("Why are you disputing it?")
    alice.get_by_role("button", name=reason).click()
    expect(bot_messages(alice).last).to_contain_text(f"Reason: {reason}")
    send(alice, "yes")
    opened = bot_messages(alice).last
    expect(opened).to_contain_text("I've opened dispute")
    found = REFERENCE.search(opened.inner_text())
    assert found is not None
    send(alice, "no")  # no freeze this time
    expect(bot_messages(alice).last).to_contain_text("left your cards as they are")
    return found.group()


def _open_console(manager: Page) -> None:
    sign_in(manager, "manager")
    manager.click("#console-link")
    manager.wait_for_url(re.compile(r".*/console/?$"))


def test_customer_disputes_in_chat_manager_refunds_customer_sees_it(
    browser: Browser, base_url: str, watch: Callable[[Page], Page]
) -> None:
    alice = _context_page(browser, base_url, watch)
    manager = _context_page(browser, base_url, watch)

    reference = _open_dispute(alice, "The fourth one", "I was charged twice")
    case = _api(base_url, f"/api/disputes/{reference}")
    assert isinstance(case, dict)
    assert case["status"] == "open"
    before = _balance(base_url, case["accountId"])

    _open_console(manager)
    item = manager.locator("[data-testid=dispute-item]", has_text=reference)
    expect(item).to_contain_text("I was charged twice")
    item.get_by_role("button", name="Refund").click()
    expect(manager.locator("[data-testid=dispute-item]", has_text=reference)).to_have_count(0)
    expect(manager.locator("#audit-log")).to_contain_text("dispute refund")

    send(alice, "what's happening with my dispute")
    status = bot_messages(alice).last
    expect(status).to_contain_text(reference)
    expect(status).to_contain_text("Refunded")
    expect(status).to_contain_text("is back in your")
    assert _balance(base_url, case["accountId"]) == before + case["amountCents"]


def test_a_rejected_dispute_is_appealed_in_chat_and_shown_to_staff_with_the_appeal(
    browser: Browser, base_url: str, watch: Callable[[Page], Page]
) -> None:
    alice = _context_page(browser, base_url, watch)
    manager = _context_page(browser, base_url, watch)

    reference = _open_dispute(alice, "The second one", "I don't recognise it")

    _open_console(manager)
    manager.locator("#dispute-note").fill("The shop sent a signed receipt")
    manager.locator("[data-testid=dispute-item]", has_text=reference).get_by_role(
        "button", name="Reject with note"
    ).click()
    expect(manager.locator("[data-testid=dispute-item]", has_text=reference)).to_have_count(0)

    send(alice, f"I want to appeal {reference}")
    expect(bot_messages(alice).last).to_contain_text("The shop sent a signed receipt")
    expect(bot_messages(alice).last).to_contain_text("new information")
    send(alice, "the signature on the receipt is not mine, I was abroad that day")
    expect(bot_messages(alice).last).to_contain_text("Shall I reopen it?")
    send(alice, "yes")
    expect(bot_messages(alice).last).to_contain_text(f"I've reopened case {reference}")
    assert _api(base_url, f"/api/disputes/{reference}")["status"] == "open"  # type: ignore[index]

    manager.reload()
    item = manager.locator("[data-testid=dispute-item]", has_text=reference)
    expect(item).to_contain_text("Appeal: “the signature on the receipt is not mine, I was abroad that day”")
    expect(item).to_contain_text("first rejected: The shop sent a signed receipt")
