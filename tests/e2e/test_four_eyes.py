"""Four eyes in the browser: a payment over £5,000 held in a customer's conversation, approved by the manager in
the console; the customer's chat shows it sent, once."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.bank import list_accounts, list_payees, payment_reviews, seed_bank_demo
from bankchat.bank.transfer_views import TransferRequest
from bankchat.db import engine_for
from bankchat.models import ChatSession, Transfer, utcnow
from bankchat.services import SessionManager
from tests.e2e.helpers import sign_in
from tests.factories import make_user
from tests.support.live_server import LiveServer


def _held_payment(live_app: LiveServer) -> tuple[int, str, str]:
    """A new customer's £6,000.00 to a payee, held from a conversation: (user ID, session ID, reference)."""
    with Db(engine_for(live_app.db_url), expire_on_commit=False) as db:
        user = make_user(db, display_name="Fay Foureyes")
        assert user.id is not None
        seed_bank_demo(db=db, user_id=user.id, username="alice", today=utcnow().date())
        session = SessionManager().create_session(db=db, user_id=user.id)
        db.add(ChatSession(session_id=session.id, user_id=user.id))
        savings = next(a for a in list_accounts(db=db, owner_id=user.id) if a.kind == "savings")
        payee = list_payees(db=db, owner_id=user.id)[0]
        request = TransferRequest(source_account_id=savings.id, amount_cents=600_000, payee_id=payee.id)
        view = payment_reviews.hold(db, owner_id=user.id, request=request, key="chat-e2e", session_id=session.id)
        db.commit()
        return user.id, session.id, view.reference


def test_the_manager_approves_a_held_payment_in_the_console(page: Page, live_app: LiveServer) -> None:
    owner, _session, reference = _held_payment(live_app)
    sign_in(page, "manager")
    page.click("#console-link")
    page.wait_for_url(re.compile(r".*/console/?$"))
    item = page.get_by_test_id("review-item").filter(has_text=reference)
    expect(item).to_contain_text("£6,000.00 to")
    item.get_by_role("button", name="Approve and send").click()
    expect(page.get_by_text(f"Payment {reference} sent")).to_be_visible()
    expect(page.get_by_test_id("review-item").filter(has_text=reference)).to_have_count(0)
    with Db(engine_for(live_app.db_url)) as db:
        sent = db.exec(select(Transfer).where(Transfer.owner_id == owner, col(Transfer.payee_id).is_not(None))).all()
    assert [t.amount_cents for t in sent] == [600_000]
