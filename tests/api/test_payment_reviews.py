"""A customer's own held payments over real HTTP: waiting for a check by staff, then sent or not sent and why;
owner only (anyone else's is 404, like a missing one)."""

from __future__ import annotations

import httpx

from tests.api.helpers import assert_error, bearer, login


def test_a_customer_sees_their_held_payment_waiting_then_rejected_with_the_reason(
    client: httpx.Client, held: tuple[str, str, str]
) -> None:
    token, _session, reference = held

    listed = client.get("/api/payment-reviews", headers=bearer(token))

    assert listed.status_code == 200, listed.text
    mine = next(r for r in listed.json() if r["reference"] == reference)
    assert (mine["status"], mine["amountCents"], mine["transferReference"]) == ("pending", 600_000, "")
    manager = login(client, "manager")
    note = {"note": "We could not reach you to check it"}
    rejected = client.post(f"/api/admin/payment-reviews/{reference}/reject", json=note, headers=bearer(manager))
    assert rejected.status_code == 200, rejected.text
    one = client.get(f"/api/payment-reviews/{reference}", headers=bearer(token))
    assert one.status_code == 200, one.text
    assert (one.json()["status"], one.json()["note"]) == ("rejected", "We could not reach you to check it")
    assert one.json()["decidedAt"] is not None


def test_a_sent_held_payment_shows_its_transfer_reference(client: httpx.Client, held: tuple[str, str, str]) -> None:
    token, _session, reference = held
    manager = login(client, "manager")
    assert client.post(f"/api/admin/payment-reviews/{reference}/approve", headers=bearer(manager)).status_code == 200

    one = client.get(f"/api/payment-reviews/{reference}", headers=bearer(token))

    assert one.json()["status"] == "approved"
    assert one.json()["transferReference"].startswith("TR-")


def test_another_customers_held_payment_is_404_and_not_listed(
    client: httpx.Client, held: tuple[str, str, str], bob: str
) -> None:
    _token, _session, reference = held

    assert_error(client.get(f"/api/payment-reviews/{reference}", headers=bearer(bob)), 404, "review_not_found")
    assert_error(client.get("/api/payment-reviews/PR-NONE-NONE", headers=bearer(bob)), 404)
    assert reference not in [r["reference"] for r in client.get("/api/payment-reviews", headers=bearer(bob)).json()]
    assert_error(client.get("/api/payment-reviews"), 401)
