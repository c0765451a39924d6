"""Strong customer authentication over real HTTP: enrol an authenticator app or a passkey, then approve a
large payment that waits in a conversation, bound to that payment, once.

Each test uses a new customer with the demo bank (the demo users stay as they are for the other suites).
"""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest
from sqlmodel import Session as Db

from bankchat.bank import authenticators, list_payees, seed_bank_demo
from bankchat.db import engine_for
from bankchat.models import utcnow
from tests.api.helpers import assert_error, bearer, login, new_session, send
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.support.live_server import LiveServer
from tests.support.soft_passkey import SoftPasskey


@pytest.fixture
def customer(live_app: LiveServer, client: httpx.Client) -> tuple[str, str]:
    """A new customer with alice's demo bank: ``(bearer token, a payee's first name)``."""
    with Db(engine_for(live_app.db_url), expire_on_commit=False) as db:
        user = make_user(db, display_name="Sam Secure")
        assert user.id is not None
        seed_bank_demo(db=db, user_id=user.id, username="alice", today=utcnow().date())
        payee = list_payees(db=db, owner_id=user.id)[0].name.split()[0]
        db.commit()
    return login(client, user.username, DEFAULT_PASSWORD), payee


def _enrol_app(client: httpx.Client, token: str) -> str:
    started = client.post("/api/security/totp", headers=bearer(token))
    assert started.status_code == 201, started.text
    secret = str(started.json()["secret"])
    assert started.json()["uri"].startswith("otpauth://totp/BankChat:")
    assert_error(client.post("/api/security/totp/confirm", json={"code": "000000"}, headers=bearer(token)), 422)
    code = authenticators.current_code(secret, time.time() - 30)
    confirmed = client.post("/api/security/totp/confirm", json={"code": code}, headers=bearer(token))
    assert confirmed.status_code == 200, confirmed.text
    assert [a["kind"] for a in confirmed.json()] == ["totp"]
    assert_error(client.post("/api/security/totp", headers=bearer(token)), 409, "already_enrolled")
    return secret


def _waiting_approval(client: httpx.Client, token: str, payee: str) -> tuple[str, dict[str, Any]]:
    """A conversation whose £1,500.00 payment to ``payee`` waits for approval: (session ID, the approval)."""
    session = new_session(client, token)["sessionId"]
    for text in (f"send 1500 to {payee}", "yes", "yes, I'm sure"):
        reply = send(client, token, session, text)
        assert reply.status_code == 200, reply.text
    assert "needs your approval" in reply.json()["reply"]["content"]
    pending = client.get("/api/approvals", headers=bearer(token)).json()
    assert len(pending) == 1
    assert pending[0]["summary"].startswith("£1,500.00 to ")
    assert pending[0]["status"] == "pending"
    return session, pending[0]


def _reply(client: httpx.Client, token: str, session: str, text: str) -> str:
    response = send(client, token, session, text)
    assert response.status_code == 200, response.text
    return str(response.json()["reply"]["content"])


def test_a_code_given_over_rest_approves_the_waiting_payment_once(
    client: httpx.Client, customer: tuple[str, str]
) -> None:
    token, payee = customer
    secret = _enrol_app(client, token)
    session, approval = _waiting_approval(client, token, payee)
    url = f"/api/approvals/{approval['id']}"

    wrong = client.post(f"{url}/code", json={"code": "000000"}, headers=bearer(token))
    assert_error(wrong, 409, "wrong_code")
    assert client.get(url, headers=bearer(token)).json()["status"] == "pending"
    assert "haven't received" in _reply(client, token, session, "approved")  # said, not given: nothing sent

    right = client.post(f"{url}/code", json={"code": authenticators.current_code(secret)}, headers=bearer(token))
    assert right.status_code == 200, right.text
    assert right.json()["status"] == "approved"
    assert "Done! I've sent **£1,500.00**" in _reply(client, token, session, "approved")
    assert client.get(url, headers=bearer(token)).json()["status"] == "used"
    again = client.post(f"{url}/code", json={"code": authenticators.current_code(secret)}, headers=bearer(token))
    assert_error(again, 409, "used")


def test_a_passkey_registered_and_used_over_rest(
    live_app: LiveServer, client: httpx.Client, customer: tuple[str, str]
) -> None:
    token, payee = customer
    origin = {"Origin": live_app.base_url}
    key = SoftPasskey(rp_id="localhost", origin=live_app.base_url)
    assert_error(client.post("/api/security/passkeys/options", headers=bearer(token)), 403, "bad_origin")
    options = client.post("/api/security/passkeys/options", headers={**bearer(token), **origin}).json()
    answer = key.register(json.dumps(options["options"]))
    registered = client.post(
        "/api/security/passkeys", json={"id": options["id"], "credential": answer}, headers={**bearer(token), **origin}
    )
    assert registered.status_code == 201, registered.text
    replayed = client.post(
        "/api/security/passkeys", json={"id": options["id"], "credential": answer}, headers={**bearer(token), **origin}
    )
    assert_error(replayed, 409, "expired")

    session, approval = _waiting_approval(client, token, payee)
    url = f"/api/approvals/{approval['id']}/passkey"
    request = client.post(f"{url}/options", headers={**bearer(token), **origin}).json()
    assert request["options"]["challenge"]
    challenge = json.dumps(request["options"])
    tampered = key.sign(challenge, challenge="A" * 43)
    assert_error(
        client.post(url, json={"credential": tampered}, headers={**bearer(token), **origin}), 409, "bad_signature"
    )
    stranger = SoftPasskey(rp_id="localhost", origin=live_app.base_url, credential_id=key.credential_id)
    assert_error(
        client.post(url, json={"credential": stranger.sign(challenge)}, headers={**bearer(token), **origin}),
        409,
        "bad_signature",
    )
    signed = key.sign(challenge)
    approved = client.post(url, json={"credential": signed}, headers={**bearer(token), **origin})
    assert approved.status_code == 200, approved.text
    assert "Done! I've sent **£1,500.00**" in _reply(client, token, session, "Approved with my passkey")
    assert_error(client.post(url, json={"credential": signed}, headers={**bearer(token), **origin}), 409, "used")


def test_approvals_are_the_owners_alone_and_bad_input_is_refused(
    client: httpx.Client, customer: tuple[str, str], bob: str
) -> None:
    token, payee = customer
    _enrol_app(client, token)
    _session, approval = _waiting_approval(client, token, payee)
    url = f"/api/approvals/{approval['id']}"
    assert_error(client.get(url, headers=bearer(bob)), 404, "approval_not_found")
    assert_error(client.post(f"{url}/code", json={"code": "123456"}, headers=bearer(bob)), 404, "approval_not_found")
    assert_error(client.post(f"{url}/code", json={"code": "12ab56"}, headers=bearer(token)), 422)
    assert_error(client.get("/api/approvals/apv_not-a-real-one", headers=bearer(token)), 404, "approval_not_found")
    assert_error(client.get("/api/approvals/1", headers=bearer(token)), 422)
    assert_error(client.get(url), 401)
    assert_error(client.delete("/api/security/authenticators/999999", headers=bearer(token)), 404)
    assert client.get(url, headers=bearer(token)).json()["status"] == "pending"  # none of it touched it
