"""A standing order set up in chat in the browser: read back, confirmed, then listed (and cancelled again)."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Page, expect

from tests.e2e.helpers import bot_messages, new_conversation, send, sign_in


def test_bob_sets_up_a_standing_order_to_mum_and_sees_it_listed(page: Page) -> None:
    day = 27 if date.today().day == 28 else 28  # never today: the running app's executor pays nothing here
    suffix = "th"
    sign_in(page, "bob")
    new_conversation(page)

    send(page, f"pay mum 12 on the {day}{suffix} of every month")
    reply = bot_messages(page).last
    expect(reply.locator(".agent-badge")).to_have_text("transfers")
    expect(reply).to_contain_text("Please confirm this standing order")
    expect(reply).to_contain_text("£12.00 each time")
    expect(reply).to_contain_text(f"on the {day}{suffix} of every month")
    expect(reply).to_contain_text("First payment")

    send(page, "yes")
    expect(bot_messages(page).last).to_contain_text("is set up")

    send(page, "my standing orders")
    listed = bot_messages(page).last
    row = listed.locator("table tbody tr", has_text="Mum")
    expect(row).to_contain_text("£12.00")
    expect(row).to_contain_text(f"on the {day}{suffix} of every month")

    send(page, "cancel the standing order to mum")
    expect(bot_messages(page).last).to_contain_text("Cancel your standing order of £12.00 to Mum")
    send(page, "yes")
    expect(bot_messages(page).last).to_contain_text("is cancelled")
