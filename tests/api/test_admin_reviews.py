"""Four eyes over real HTTP: a payment over £5,000 held in a conversation, approved by the manager (sent once),
told to the customer; customers can't see or decide held payments."""

from __future__ import annotations

import httpx

from tests.api.helpers import assert_error, bearer, login


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
