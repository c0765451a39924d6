"""Payees over real HTTP: list, add, rename, remove; bad input answers with a reason and changes nothing."""

from __future__ import annotations

import time

import httpx
import pytest
from sqlmodel import Session as Db
from sqlmodel import select

from bankchat.bank import authenticators, seed_bank_demo
from bankchat.db import engine_for
from bankchat.models import AuditEntry, utcnow
from tests.api.helpers import assert_error, bearer, login
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.live

PAYEE_KEYS = {"id", "name", "nickname", "bankName", "maskedAccount", "sortCode"}
TOM = {"name": "Tom Smith", "nickname": "tom", "sortCode": "20-00-00", "accountNumber": "12345678"}


APPS: dict[str, list[str]] = {}
"""Each customer's authenticator-app secret and the codes it has shown, by bearer token."""


@pytest.fixture
def customer(live_app: LiveServer, client: httpx.Client) -> tuple[int, str]:
    """A fresh customer of the live app with the demo bank (Alice's payees) and an authenticator app set up over
    REST: (user ID, bearer token)."""
    with Db(engine_for(live_app.db_url), expire_on_commit=False) as db:
        user = make_user(db)
        assert user.id is not None
        seed_bank_demo(db=db, user_id=user.id, username="alice", today=utcnow().date())
        db.commit()
    token = login(client, user.username, DEFAULT_PASSWORD)
    secret = client.post("/api/security/totp", headers=bearer(token)).json()["secret"]
    first = {"code": authenticators.current_code(secret, time.time() - 30)}
    assert client.post("/api/security/totp/confirm", json=first, headers=bearer(token)).status_code == 200
    APPS[token] = [secret]
    return user.id, token


def _approval(client: httpx.Client, token: str, payee: dict[str, str]) -> str:
    """An approval of exactly ``payee``, asked for and given with the app's next code: its ID."""
    asked = client.post("/api/payees/approval", json=payee, headers=bearer(token))
    assert asked.status_code == 201, asked.text
    assert asked.json()["kind"] == "add_payee"
    codes = APPS[token]
    code = authenticators.current_code(codes[0], time.time() + 30 * (len(codes) - 1))
    codes.append(code)
    given = client.post(f"/api/approvals/{asked.json()['id']}/code", json={"code": code}, headers=bearer(token))
    assert given.status_code == 200, given.text
    return str(asked.json()["id"])


def _add(client: httpx.Client, token: str, payee: dict[str, str]) -> httpx.Response:
    """``POST /api/payees`` with an approval of exactly that payee."""
    approval = _approval(client, token, payee)
    return client.post("/api/payees", json={**payee, "approvalId": approval}, headers=bearer(token))


def _payees(client: httpx.Client, token: str) -> list[dict]:
    response = client.get("/api/payees", headers=bearer(token))
    assert response.status_code == 200, response.text
    return list(response.json())


def test_list_payees_shows_masked_details_only(client: httpx.Client, customer: tuple[int, str]) -> None:
    payees = _payees(client, customer[1])

    assert [p["name"] for p in payees] == ["Bob Brown", "Landlord - Oak Estates", "Priya Shah"]
    assert all(set(p) == PAYEE_KEYS for p in payees)


def test_add_payee_then_listed_and_audited(
    live_app: LiveServer, client: httpx.Client, customer: tuple[int, str]
) -> None:
    owner, token = customer

    response = _add(client, token, TOM)

    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["name"], body["maskedAccount"], body["sortCode"]) == ("Tom Smith", "•••• 5678", "••-••-00")
    assert "12345678" not in response.text
    assert body in _payees(client, token)
    with Db(engine_for(live_app.db_url)) as db:
        actions = db.exec(select(AuditEntry.action).where(AuditEntry.actor_id == owner)).all()
    assert list(actions) == ["enrol_totp", "approve", "payee_add"]


def test_add_payee_with_an_iban(client: httpx.Client, customer: tuple[int, str]) -> None:
    body = {"name": "Hans Meier", "iban": "de89 3704 0044 0532 0130 00"}

    response = _add(client, customer[1], body)

    assert response.status_code == 201, response.text
    assert response.json()["sortCode"] == "IBAN DE"


@pytest.mark.parametrize(
    ("details", "reason"),
    [
        ({"sortCode": "20-00-0", "accountNumber": "12345678"}, "six digits"),
        ({"sortCode": "08-99-99", "accountNumber": "66374959"}, "doesn't pass the bank's check"),
        ({"sortCode": "20-00-00", "accountNumber": "1234567890"}, "10-digit account number"),
        ({"iban": "GB82 WEST 1234 5698 7654 33"}, "check digits"),
        ({"iban": "GB82 WEST 1234"}, "22 characters"),
        ({"sortCode": "20-00-00"}, "or an IBAN"),
    ],
)
def test_add_payee_with_invalid_details_is_422_with_the_reason(
    client: httpx.Client, customer: tuple[int, str], details: dict[str, str], reason: str
) -> None:
    token = customer[1]
    before = _payees(client, token)

    response = client.post("/api/payees", json={"name": "Someone New", **details}, headers=bearer(token))

    assert reason in assert_error(response, 422, "invalid_bank_details")["detail"]
    assert _payees(client, token) == before


def test_add_duplicate_payee_is_409_naming_the_one_there(client: httpx.Client, customer: tuple[int, str]) -> None:
    token = customer[1]
    assert _add(client, token, TOM).status_code == 201

    same_name = client.post(
        "/api/payees", json={**TOM, "accountNumber": "00000000", "nickname": ""}, headers=bearer(token)
    )
    same_account = client.post("/api/payees", json={**TOM, "name": "Thomas", "nickname": ""}, headers=bearer(token))

    assert "Tom Smith" in assert_error(same_name, 409, "duplicate_payee")["detail"]
    assert "already saved as your payee Tom Smith" in assert_error(same_account, 409, "duplicate_payee")["detail"]
    assert [p["name"] for p in _payees(client, token)].count("Tom Smith") == 1


def test_a_payee_is_added_only_with_an_approval_of_exactly_it(client: httpx.Client, customer: tuple[int, str]) -> None:
    """No approval, an approval not yet given, one for another payee, one used already: 403, nothing saved."""
    token = customer[1]
    before = _payees(client, token)
    assert_error(client.post("/api/payees", json=TOM, headers=bearer(token)), 403, "approval_required")
    pending = client.post("/api/payees/approval", json=TOM, headers=bearer(token)).json()["id"]
    unapproved = client.post("/api/payees", json={**TOM, "approvalId": pending}, headers=bearer(token))
    assert_error(unapproved, 403, "approval_required")
    for_tom = _approval(client, token, TOM)
    other = {**TOM, "accountNumber": "87654321"}  # the approval was for another account
    assert_error(client.post("/api/payees", json={**other, "approvalId": for_tom}, headers=bearer(token)), 403)
    assert _payees(client, token) == before
    assert client.post("/api/payees", json={**TOM, "approvalId": for_tom}, headers=bearer(token)).status_code == 201
    again = client.post("/api/payees", json={**TOM, "name": "Tom S", "approvalId": for_tom}, headers=bearer(token))
    assert again.status_code in (403, 409)  # used (and the same account besides)


def test_rename_payee(client: httpx.Client, customer: tuple[int, str]) -> None:
    token = customer[1]
    bob = _payees(client, token)[0]

    response = client.patch(
        f"/api/payees/{bob['id']}", json={"name": "Bobby Brown", "nickname": "bobby"}, headers=bearer(token)
    )

    assert response.status_code == 200, response.text
    assert (response.json()["name"], response.json()["nickname"]) == ("Bobby Brown", "bobby")
    clash = client.patch(f"/api/payees/{bob['id']}", json={"name": "Priya Shah"}, headers=bearer(token))
    assert_error(clash, 409, "duplicate_payee")
    assert_error(client.patch(f"/api/payees/{bob['id']}", json={}, headers=bearer(token)), 422)
    assert_error(client.patch(f"/api/payees/{bob['id']}", json={"name": "  "}, headers=bearer(token)), 422)


def test_remove_payee_hides_it(client: httpx.Client, customer: tuple[int, str]) -> None:
    token = customer[1]
    bob = _payees(client, token)[0]

    response = client.delete(f"/api/payees/{bob['id']}", headers=bearer(token))

    assert response.status_code == 204
    assert bob["id"] not in [p["id"] for p in _payees(client, token)]
    assert_error(client.delete(f"/api/payees/{bob['id']}", headers=bearer(token)), 404, "payee_not_found")


def test_another_customers_or_unknown_payee_is_404(client: httpx.Client, customer: tuple[int, str], bob: str) -> None:
    theirs = _payees(client, bob)[0]
    token = customer[1]

    for payee_id in (theirs["id"], 999_999_999):
        assert_error(
            client.patch(f"/api/payees/{payee_id}", json={"name": "Mine"}, headers=bearer(token)),
            404,
            "payee_not_found",
        )
        assert_error(client.delete(f"/api/payees/{payee_id}", headers=bearer(token)), 404, "payee_not_found")
    assert _payees(client, bob)[0] == theirs


def test_payees_need_a_token(client: httpx.Client) -> None:
    assert_error(client.get("/api/payees"), 401)
    assert_error(client.post("/api/payees", json=TOM), 401)


def test_add_payee_without_a_bank_name_gets_the_bank_of_its_details(
    client: httpx.Client, customer: tuple[int, str]
) -> None:
    token = customer[1]

    derived = _add(client, token, TOM)
    abroad = _add(client, token, {"name": "Hans Meier", "iban": "DE89 3704 0044 0532 0130 00"})

    assert derived.status_code == 201, derived.text
    assert derived.json()["bankName"] == "Barclays"
    assert abroad.json()["bankName"] == "a bank in Germany"


def test_add_payee_with_a_bank_name_keeps_it(client: httpx.Client, customer: tuple[int, str]) -> None:
    ann = {"name": "Ann Lee", "sortCode": "20-00-00", "accountNumber": "12345678", "bankName": "Barclays Wealth"}

    response = _add(client, customer[1], ann)

    assert response.status_code == 201, response.text
    assert response.json()["bankName"] == "Barclays Wealth"


def test_add_payee_with_a_demo_payees_details_is_409(client: httpx.Client, customer: tuple[int, str]) -> None:
    token = customer[1]
    bob = {"name": "Robert", "sortCode": "04-00-04", "accountNumber": "77736320"}  # Bob Brown's, in the demo

    response = client.post("/api/payees/approval", json=bob, headers=bearer(token))

    assert "already saved as your payee Bob Brown" in assert_error(response, 409, "duplicate_payee")["detail"]
