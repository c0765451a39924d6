"""The banking agents in the browser: balances, a confirmed transfer, a frozen card."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import bot_messages, new_conversation, send, sign_in

MONEY = re.compile(r"£[\d,]+\.\d\d")


def _balances(page: Page) -> dict[str, str]:
    """Account name → balance, read from the balance table of the last reply."""
    rows = bot_messages(page).last.locator("table tbody tr")
    found = {}
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td").all_inner_texts()
        found[cells[0]] = cells[2]
    return found


def _pounds(text: str) -> int:
    return int(text.replace("£", "").replace(",", "").replace(".", ""))


def test_alice_checks_balance_transfers_to_savings_and_freezes_card(page: Page) -> None:
    sign_in(page, "alice")
    new_conversation(page)

    send(page, "What's my balance?")
    reply = bot_messages(page).last
    expect(reply.locator(".agent-badge")).to_have_text("accounts")
    expect(reply.locator("table")).to_be_visible()
    before = _balances(page)
    assert {"Everyday Checking", "Savings", "Credit Card"} <= set(before)

    send(page, "transfer 25.00 to savings")
    reply = bot_messages(page).last
    expect(reply.locator(".agent-badge")).to_have_text("transfers")
    expect(reply).to_contain_text("Please confirm")
    expect(reply).to_contain_text("£25.00")

    send(page, "yes")
    expect(bot_messages(page).last).to_contain_text("Done!")

    send(page, "What's my balance?")
    after = _balances(page)
    assert _pounds(after["Everyday Checking"]) == _pounds(before["Everyday Checking"]) - 2500
    assert _pounds(after["Savings"]) == _pounds(before["Savings"]) + 2500

    send(page, "freeze my debit card")
    reply = bot_messages(page).last
    expect(reply.locator(".agent-badge")).to_have_text("cards")
    expect(reply).to_contain_text("frozen")
    send(page, "unfreeze my debit card")
    expect(bot_messages(page).last).to_contain_text("active again")


def test_reply_trace_shows_agent_intent_and_confidence(page: Page) -> None:
    sign_in(page, "bob")
    new_conversation(page)
    send(page, "how much did I spend on groceries last month?")
    reply = bot_messages(page).last
    reply.get_by_label("Why this answer").click()
    trace = page.locator(".trace-content")
    expect(trace).to_contain_text("Agent: transactions")
    expect(trace).to_contain_text("Intent: spending_summary")
    expect(trace).to_contain_text("Confidence:")
    expect(trace).to_contain_text("spending_summary")


def test_pending_transfer_survives_reload(page: Page) -> None:
    sign_in(page, "bob")
    new_conversation(page)
    send(page, "send 7.50 to savings")
    expect(bot_messages(page).last).to_contain_text("Please confirm")
    page.reload()
    expect(bot_messages(page)).to_have_count(1)
    send(page, "yes")
    expect(bot_messages(page).last).to_contain_text("Done!")
    expect(bot_messages(page).last).to_contain_text("£7.50")


def test_llm_reply_streams_into_page_then_stays(page: Page, fake_llm) -> None:  # type: ignore[no-untyped-def]
    from tests.support.fake_llm import Stream, Tools

    sign_in(page, "alice")
    new_conversation(page)
    understood = Tools([("knowledge", {"topic": "card_arrival"})])  # the model's understanding comes first
    fake_llm.push(understood, Stream(["Cards usually ", "arrive within ", "3-5 business days."], pause_after=2))
    page.fill("#chat-input", "my new card still hasn't arrived")
    page.press("#chat-input", "Enter")
    streaming = page.locator("#streaming-reply")
    expect(streaming).to_have_text("Cards usually arrive within")
    expect(bot_messages(page)).to_have_count(0)
    fake_llm.resume()
    expect(bot_messages(page)).to_have_count(1)
    expect(bot_messages(page).last).to_contain_text("Cards usually arrive within 3-5 business days.")
    expect(streaming).to_have_count(0)
    page.reload()
    expect(bot_messages(page).last).to_contain_text("Cards usually arrive within 3-5 business days.")


def test_quick_replies_confirm_a_transfer_and_answer_a_card_question(page: Page) -> None:
    sign_in(page, "bob")
    new_conversation(page)
    chips = page.locator("#quick-replies button")

    send(page, "send 5 to savings")
    expect(chips).to_have_text(["Yes", "No"])
    before = bot_messages(page).count()
    chips.filter(has_text="Yes").click()
    expect(bot_messages(page)).to_have_count(before + 1)
    expect(bot_messages(page).last).to_contain_text("Done!")
    expect(page.locator("#quick-replies")).to_have_count(0)  # nothing to confirm any more

    send(page, "freeze my card")
    expect(chips.first).to_contain_text("ending")
    before = bot_messages(page).count()
    chips.first.click()
    expect(bot_messages(page)).to_have_count(before + 1)
    expect(bot_messages(page).last).to_contain_text("frozen")
    before = bot_messages(page).count()
    send(page, "unfreeze my card")  # one card is frozen: that one, with no question
    expect(bot_messages(page)).to_have_count(before + 1)
    expect(bot_messages(page).last).to_contain_text("active again")
    expect(page.locator("#quick-replies")).to_have_count(0)
