"""Four eyes over real HTTP: a payment over £5,000 held in a conversation, approved by the manager (sent once),
told to the customer; customers can't see or decide held payments."""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import Session as Db

from bankchat.bank import authenticators, list_payees, seed_bank_demo
from bankchat.db import engine_for
from bankchat.models import utcnow
from tests.api.helpers import assert_error, bearer, login, new_session, send
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.support.authenticator_app import set_up_app
from tests.support.live_server import LiveServer


@pytest.fixture
def held(live_app: LiveServer, client: httpx.Client) -> tuple[str, str, str]:
    """A new customer whose £6,000.00 payment to a payee waits for staff: (token, session ID, reference)."""
    with Db(engine_for(live_app.db_url), expire_on_commit=False) as db:
        user = make_user(db, display_name="Hal Held")
        assert user.id is not None
        seed_bank_demo(db=db, user_id=user.id, username="alice", today=utcnow().date())
        payee = list_payees(db=db, owner_id=user.id)[0].name.split()[0]
        secret = set_up_app(db, user.id)
        db.commit()
    token = login(client, user.username, DEFAULT_PASSWORD)
    session = new_session(client, token)["sessionId"]
    for text in (f"send 6000 from savings to {payee}", "yes", "yes, I'm sure", authenticators.current_code(secret)):
        reply = send(client, token, session, text)
        assert reply.status_code == 200, reply.text
    content = reply.json()["reply"]["content"]
    assert "a colleague checks it" in content
    reference = content.split("reference is ")[1].rstrip(".")
    return token, session, reference


def test_the_manager_approves_a_held_payment_once_and_the_customer_is_told(
    client: httpx.Client, held: tuple[str, str, str]
) -> None:
    token, session, reference = held
    manager = login(client, "manager")
    listed = client.get("/api/admin/payment-reviews", headers=bearer(manager))
    assert listed.status_code == 200, listed.text
    assert reference in [r["reference"] for r in listed.json()]

    approved = client.post(f"/api/admin/payment-reviews/{reference}/approve", headers=bearer(manager))

    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    assert approved.json()["transferReference"].startswith("TR-")
    again = client.post(f"/api/admin/payment-reviews/{reference}/approve", headers=bearer(manager))
    assert_error(again, 409, "already_decided")
    history = client.get(f"/api/sessions/{session}/messages", headers=bearer(token)).json()["messages"]
    assert "has been checked by a colleague and **sent**" in history[-1]["content"]
    assert history[-1]["role"] == "staff"


def test_customers_cannot_see_or_decide_held_payments(client: httpx.Client, held: tuple[str, str, str]) -> None:
    token, _session, reference = held
    assert_error(client.get("/api/admin/payment-reviews", headers=bearer(token)), 403)
    assert_error(client.post(f"/api/admin/payment-reviews/{reference}/approve", headers=bearer(token)), 403)
    manager = login(client, "manager")
    no_note = client.post(f"/api/admin/payment-reviews/{reference}/reject", json={"note": ""}, headers=bearer(manager))
    assert_error(no_note, 422)
    assert_error(client.post("/api/admin/payment-reviews/PR-NONE-NONE/approve", headers=bearer(manager)), 404)
    rejected = client.post(
        f"/api/admin/payment-reviews/{reference}/reject",
        json={"note": "We called you: not yours"},
        headers=bearer(manager),
    )
    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["status"] == "rejected"
