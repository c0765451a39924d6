"""Disputes over real HTTP: a customer opens and follows a case, a manager refunds or rejects it."""

from __future__ import annotations

import re
from typing import get_args

import httpx
import pytest

from bankchat.api.schemas import DisputeReason
from bankchat.models import DISPUTE_REASONS
from tests.api.helpers import assert_error, bearer, login

pytestmark = pytest.mark.live


@pytest.fixture
def manager(client: httpx.Client) -> str:
    return login(client, "manager")


def _accounts(client: httpx.Client, token: str) -> list[dict]:
    return list(client.get("/api/accounts", headers=bearer(token)).json())


def _payments(client: httpx.Client, token: str) -> tuple[int, list[dict]]:
    """The checking account's ID and its payments out, newest first."""
    checking = _accounts(client, token)[0]
    page = client.get(f"/api/accounts/{checking['id']}/transactions", params={"limit": 100}, headers=bearer(token))
    assert page.status_code == 200, page.text
    return checking["id"], [t for t in page.json()["transactions"] if t["amountCents"] < 0]


def _balance(client: httpx.Client, token: str, account_id: int) -> int:
    return next(a["balanceCents"] for a in _accounts(client, token) if a["id"] == account_id)


def _open(client: httpx.Client, token: str, line: dict, reason: str = "not_recognised") -> httpx.Response:
    body = {"transactionId": line["id"], "reason": reason, "words": "I never bought this"}
    return client.post("/api/disputes", json=body, headers=bearer(token))


def test_reasons_in_the_api_schema_are_the_models() -> None:
    assert get_args(DisputeReason) == DISPUTE_REASONS


def test_dispute_refund_shows_refunded_and_balance_up_once(client: httpx.Client, alice: str, manager: str) -> None:
    account_id, payments = _payments(client, alice)
    line = payments[10]
    opened = _open(client, alice, line)
    assert opened.status_code == 201, opened.text
    case = opened.json()
    assert re.fullmatch(r"DS-[2-9A-Z]{4}-[2-9A-Z]{4}", case["reference"])
    assert (case["status"], case["amountCents"], case["transactionId"]) == ("open", -line["amountCents"], line["id"])
    assert "ownerId" not in case
    queue = client.get("/api/admin/disputes", headers=bearer(manager)).json()
    assert [(c["customer"], c["status"]) for c in queue if c["reference"] == case["reference"]] == [("alice", "open")]
    before = _balance(client, alice, account_id)
    path = f"/api/admin/disputes/{case['reference']}/refund"
    refunded = client.post(path, json={"note": "Merchant agreed"}, headers=bearer(manager))
    assert refunded.status_code == 200, refunded.text
    assert refunded.json()["status"] == "refunded"
    assert_error(client.post(path, headers=bearer(manager)), 409, "already_decided")
    assert _balance(client, alice, account_id) == before + case["amountCents"]
    seen = client.get(f"/api/disputes/{case['reference']}", headers=bearer(alice)).json()
    assert (seen["status"], seen["staffNote"]) == ("refunded", "Merchant agreed")
    assert case["reference"] in [c["reference"] for c in client.get("/api/disputes", headers=bearer(alice)).json()]


def test_reject_needs_a_note_and_the_customer_sees_it(client: httpx.Client, alice: str, manager: str) -> None:
    _, payments = _payments(client, alice)
    case = _open(client, alice, payments[11], "wrong_amount").json()
    path = f"/api/admin/disputes/{case['reference']}/reject"
    assert_error(client.post(path, json={"note": "  "}, headers=bearer(manager)), 422, "not_disputable")
    assert_error(client.post(path, json={}, headers=bearer(manager)), 422)
    rejected = client.post(path, json={"note": "The receipt matches the charge"}, headers=bearer(manager))
    assert rejected.status_code == 200, rejected.text
    seen = client.get(f"/api/disputes/{case['reference']}", headers=bearer(alice)).json()
    assert (seen["status"], seen["staffNote"]) == ("rejected", "The receipt matches the charge")
    assert_error(client.post(f"/api/admin/disputes/{case['reference']}/refund", headers=bearer(manager)), 409)


def test_other_customers_case_and_line_are_404(client: httpx.Client, alice: str, bob: str) -> None:
    _, payments = _payments(client, alice)
    case = _open(client, alice, payments[12]).json()
    assert_error(client.get(f"/api/disputes/{case['reference']}", headers=bearer(bob)), 404, "dispute_not_found")
    assert_error(_open(client, bob, payments[13]), 404, "transaction_not_found")
    assert_error(client.get("/api/disputes/DS-ZZZZ-ZZZZ", headers=bearer(alice)), 404)


def test_bad_input_is_refused_and_opens_nothing(client: httpx.Client, alice: str) -> None:
    account_id, payments = _payments(client, alice)
    before = client.get("/api/disputes", headers=bearer(alice)).json()
    assert_error(_open(client, alice, payments[14], "bored"), 422, "invalid_request")
    money_in = client.get(f"/api/accounts/{account_id}/transactions", params={"limit": 100}, headers=bearer(alice))
    credit = next(t for t in money_in.json()["transactions"] if t["amountCents"] > 0)
    assert_error(_open(client, alice, credit), 422, "not_disputable")
    assert client.get("/api/disputes", headers=bearer(alice)).json() == before
    first = _open(client, alice, payments[16])
    assert first.status_code == 201
    assert_error(_open(client, alice, payments[16]), 409, "already_disputed")


def test_staff_routes_refuse_a_customer_and_no_token(client: httpx.Client, alice: str) -> None:
    assert_error(client.get("/api/admin/disputes", headers=bearer(alice)), 403, "forbidden")
    assert_error(client.post("/api/admin/disputes/DS-ZZZZ-ZZZZ/refund", headers=bearer(alice)), 403)
    assert_error(client.get("/api/admin/disputes"), 401)
    assert_error(client.get("/api/disputes"), 401)


def _rejected(client: httpx.Client, customer: str, manager: str, line: dict) -> str:
    case = _open(client, customer, line, "not_received").json()
    path = f"/api/admin/disputes/{case['reference']}/reject"
    assert client.post(path, json={"note": "Delivered, says the shop"}, headers=bearer(manager)).status_code == 200
    return str(case["reference"])


def test_customer_reopens_a_rejected_case_once_and_staff_see_it_open_again(
    client: httpx.Client, alice: str, manager: str
) -> None:
    _, payments = _payments(client, alice)
    reference = _rejected(client, alice, manager, payments[17])
    path = f"/api/disputes/{reference}/reopen"
    note = "The courier confirmed in writing that it was never delivered"

    reopened = client.post(path, json={"note": note}, headers=bearer(alice))

    assert reopened.status_code == 200, reopened.text
    assert (reopened.json()["status"], reopened.json()["appealNote"]) == ("open", note)
    assert reopened.json()["reopenedAt"] is not None
    seen = client.get(f"/api/disputes/{reference}", headers=bearer(alice)).json()
    assert seen["status"] == "open"
    staff = client.get("/api/admin/disputes", headers=bearer(manager)).json()
    assert reference in [c["reference"] for c in staff]
    again = client.post(path, json={"note": "Please look again"}, headers=bearer(alice))
    assert "already open again" in assert_error(again, 409, "already_reopened")["detail"]
    path_reject = f"/api/admin/disputes/{reference}/reject"
    assert client.post(path_reject, json={"note": "Signed for"}, headers=bearer(manager)).status_code == 200
    refused = client.post(path, json={"note": "Please look again"}, headers=bearer(alice))
    assert "make a complaint" in assert_error(refused, 409, "already_reopened")["detail"]


def test_reopen_of_an_open_or_another_customers_case_or_without_a_note_is_refused(
    client: httpx.Client, alice: str, bob: str, manager: str
) -> None:
    _, payments = _payments(client, alice)
    open_case = _open(client, alice, payments[18]).json()["reference"]
    rejected = _rejected(client, alice, manager, payments[19])

    not_rejected = client.post(f"/api/disputes/{open_case}/reopen", json={"note": "New facts"}, headers=bearer(alice))
    foreign = client.post(f"/api/disputes/{rejected}/reopen", json={"note": "New facts"}, headers=bearer(bob))
    empty = client.post(f"/api/disputes/{rejected}/reopen", json={"note": ""}, headers=bearer(alice))
    blank = client.post(f"/api/disputes/{rejected}/reopen", json={"note": "   "}, headers=bearer(alice))

    assert_error(not_rejected, 409, "not_rejected")
    assert_error(foreign, 404, "dispute_not_found")
    assert_error(empty, 422, "invalid_request")
    assert_error(blank, 422, "not_disputable")
    assert client.get(f"/api/disputes/{rejected}", headers=bearer(alice)).json()["status"] == "rejected"
