"""Adding a payee in the browser: the details read back masked, a yes, the authenticator app's code, then the
payee in the list."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlmodel import Session as Db

from bankchat.bank import authenticators, seed_bank_demo
from bankchat.db import engine_for
from bankchat.models import utcnow
from tests.e2e.helpers import bot_messages, new_conversation, send, sign_in
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.support.authenticator_app import set_up_app
from tests.support.live_server import LiveServer


def _fresh_customer(live_app: LiveServer) -> tuple[str, str]:
    """A new customer with alice's demo bank (the shared demo users' payees stay as they are) and an
    authenticator app set up: (username, the app's secret)."""
    with Db(engine_for(live_app.db_url), expire_on_commit=False) as db:
        user = make_user(db, display_name="Pat Payee")
        assert user.id is not None
        seed_bank_demo(db=db, user_id=user.id, username="alice", today=utcnow().date())
        secret = set_up_app(db, user.id)
        db.commit()
        return user.username, secret


def test_add_a_payee_in_chat_then_see_it_listed(page: Page, live_app: LiveServer) -> None:
    username, secret = _fresh_customer(live_app)
    sign_in(page, username, DEFAULT_PASSWORD)
    new_conversation(page)

    send(page, "add my sister Jane Doe as a payee, sort code 20-00-00 account 12345678")
    reply = bot_messages(page).last
    expect(reply.locator(".agent-badge")).to_have_text("transfers")
    expect(reply).to_contain_text("Please check the new payee")
    expect(reply).to_contain_text("••-••-00")
    expect(reply).to_contain_text("•••• 5678")
    expect(reply).not_to_contain_text("12345678")

    send(page, "yes")
    expect(bot_messages(page).last).to_contain_text("Adding Jane Doe (••-••-00 •••• 5678) as a payee")
    expect(bot_messages(page).last).to_contain_text("needs your approval")
    send(page, authenticators.current_code(secret))
    expect(bot_messages(page).last).to_contain_text("is now one of your payees")

    send(page, "show my payees")
    listed = bot_messages(page).last.locator("table")
    expect(listed).to_contain_text("Jane Doe")
    expect(listed).to_contain_text("sister")
    expect(listed).to_contain_text("Bob Brown")
