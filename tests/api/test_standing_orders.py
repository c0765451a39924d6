"""Standing orders over real HTTP: set up, list, amend, cancel; owner only; every bad input a 422 with detail."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import httpx
import pytest
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.bank import authenticators
from bankchat.db import engine_for
from bankchat.models import Account, AuditEntry, Payee, StandingOrder, User
from tests.api.helpers import assert_error, bearer
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.live

ORDER_KEYS = {
    "id", "sourceAccountId", "sourceName", "targetAccountId", "payeeId", "targetName", "amountCents", "currency",
    "frequency", "day", "schedule", "startDate", "endDate", "nextDue", "status", "reference", "createdAt", "updatedAt",
}  # fmt: skip


def _ids(live_app: LiveServer, username: str) -> dict[str, int]:
    """The user's checking and savings account IDs and payee IDs by nickname (no REST route lists payees)."""
    with Db(engine_for(live_app.db_url)) as db:
        user = db.exec(select(User).where(User.username == username)).one()
        accounts = db.exec(select(Account).where(Account.owner_id == user.id)).all()
        payees = db.exec(select(Payee).where(Payee.owner_id == user.id)).all()
        return {**{a.kind: a.id or 0 for a in accounts}, **{p.nickname: p.id or 0 for p in payees}}


@pytest.fixture
def alice_ids(live_app: LiveServer) -> dict[str, int]:
    return _ids(live_app, "alice")


@pytest.fixture
def cleanup(client: httpx.Client, alice: str) -> Iterator[list[int]]:
    """Orders made by a test, cancelled afterwards (the live app's executor must never pay them)."""
    made: list[int] = []
    yield made
    for order_id in made:
        client.delete(f"/api/standing-orders/{order_id}", headers=bearer(alice))


def _next_month_first() -> date:
    today = date.today()
    return (today.replace(day=1) + timedelta(days=32)).replace(day=1)


def _body(ids: dict[str, int], **changes: object) -> dict[str, object]:
    start = _next_month_first() + timedelta(days=40)  # well after today: nothing falls due during the suite
    body: dict[str, object] = {
        "sourceAccountId": ids["checking"],
        "payeeId": ids["landlord"],
        "amountCents": 90_000,
        "frequency": "monthly",
        "day": 1,
        "startDate": start.isoformat(),
        "reference": "Rent",
    }
    body.update(changes)
    return body


def _create(client: httpx.Client, token: str, body: dict[str, object], made: list[int]) -> dict[str, object]:
    response = client.post("/api/standing-orders", json=body, headers=bearer(token))
    assert response.status_code == 201, response.text
    order = dict(response.json())
    made.append(int(order["id"]))  # type: ignore[call-overload]
    return order


def test_post_standing_order_sets_one_up_and_it_is_listed(
    client: httpx.Client, alice: str, alice_ids: dict[str, int], cleanup: list[int], live_app: LiveServer
) -> None:
    order = _create(client, alice, _body(alice_ids), cleanup)

    assert set(order) == ORDER_KEYS
    assert (order["targetName"], order["amountCents"], order["schedule"], order["status"]) == (
        "Landlord - Oak Estates",
        90_000,
        "on the 1st of every month",
        "active",
    )
    assert date.fromisoformat(str(order["nextDue"])).day == 1
    listed = client.get("/api/standing-orders", headers=bearer(alice))
    assert listed.status_code == 200
    assert order["id"] in [o["id"] for o in listed.json()]
    with Db(engine_for(live_app.db_url)) as db:
        mine = col(AuditEntry.detail).contains(f"standing order {order['id']}:")
        assert list(db.exec(select(AuditEntry.action).where(mine))) == ["standing_order_created"]


def test_post_weekly_standing_order_to_own_savings(
    client: httpx.Client, alice: str, alice_ids: dict[str, int], cleanup: list[int]
) -> None:
    body = _body(alice_ids, payeeId=None, targetAccountId=alice_ids["savings"], frequency="weekly", day=4)

    order = _create(client, alice, body, cleanup)

    assert (order["targetName"], order["schedule"], order["frequency"]) == ("Savings", "every Friday", "weekly")
    assert date.fromisoformat(str(order["nextDue"])).weekday() == 4


def test_patch_standing_order_amends_amount_and_get_shows_it(
    client: httpx.Client, alice: str, alice_ids: dict[str, int], cleanup: list[int]
) -> None:
    order = _create(client, alice, _body(alice_ids), cleanup)

    patched = client.patch(f"/api/standing-orders/{order['id']}", json={"amountCents": 95_000}, headers=bearer(alice))
    one = client.get(f"/api/standing-orders/{order['id']}", headers=bearer(alice))

    assert patched.status_code == 200, patched.text
    assert patched.json()["amountCents"] == 95_000
    assert one.status_code == 200
    assert (one.json()["amountCents"], one.json()["runs"]) == (95_000, [])


def test_delete_standing_order_cancels_it(
    client: httpx.Client, alice: str, alice_ids: dict[str, int], cleanup: list[int]
) -> None:
    order = _create(client, alice, _body(alice_ids), cleanup)

    deleted = client.delete(f"/api/standing-orders/{order['id']}", headers=bearer(alice))
    listed = client.get("/api/standing-orders", headers=bearer(alice)).json()
    everything = client.get("/api/standing-orders?includeCancelled=true", headers=bearer(alice)).json()
    amended = client.patch(f"/api/standing-orders/{order['id']}", json={"amountCents": 1}, headers=bearer(alice))

    assert deleted.status_code == 204
    assert order["id"] not in [o["id"] for o in listed]
    assert [o["status"] for o in everything if o["id"] == order["id"]] == ["cancelled"]
    assert "cancelled" in assert_error(amended, 422, "cancelled")["detail"]


def test_another_users_standing_order_is_404(
    client: httpx.Client, alice: str, bob: str, alice_ids: dict[str, int], cleanup: list[int]
) -> None:
    order = _create(client, alice, _body(alice_ids), cleanup)
    path = f"/api/standing-orders/{order['id']}"

    assert_error(client.get(path, headers=bearer(bob)), 404, "standing_order_not_found")
    assert_error(client.patch(path, json={"amountCents": 1}, headers=bearer(bob)), 404, "standing_order_not_found")
    assert_error(client.delete(path, headers=bearer(bob)), 404, "standing_order_not_found")
    assert_error(client.get("/api/standing-orders/999999999", headers=bearer(alice)), 404)
    assert order["id"] not in [o["id"] for o in client.get("/api/standing-orders", headers=bearer(bob)).json()]
    assert client.get(path, headers=bearer(alice)).json()["status"] == "active"


@pytest.mark.parametrize(
    ("changes", "code", "words"),
    [
        ({"startDate": "2020-01-01"}, "start_in_past", "in the past"),
        ({"startDate": "2030-02-31"}, "invalid_date", "February 2030 has 28 days"),
        ({"startDate": "9999-12-31"}, "start_too_late", "at most a year"),
        ({"amountCents": 2_000_000}, "over_limit", "daily transfer limit"),
        ({"payeeId": 999_999_999}, "unknown_payee", "not one of your saved payees"),
        ({"day": 32}, "invalid_request", "day"),
        ({"day": 0}, "invalid_schedule", "1 to 31"),
        ({"payeeId": None}, "unknown_payee", "Choose one"),
    ],
)
def test_post_standing_order_bad_input_is_422_with_detail_and_sets_up_nothing(
    client: httpx.Client,
    alice: str,
    alice_ids: dict[str, int],
    live_app: LiveServer,
    changes: dict[str, object],
    code: str,
    words: str,
) -> None:
    with Db(engine_for(live_app.db_url)) as db:
        before = len(db.exec(select(StandingOrder.id)).all())

    response = client.post("/api/standing-orders", json=_body(alice_ids, **changes), headers=bearer(alice))

    assert words in assert_error(response, 422, code)["detail"]
    with Db(engine_for(live_app.db_url)) as db:
        assert len(db.exec(select(StandingOrder.id)).all()) == before


def test_post_standing_order_to_another_users_payee_is_422(
    client: httpx.Client, alice: str, alice_ids: dict[str, int], live_app: LiveServer
) -> None:
    bobs_mum = _ids(live_app, "bob")["mum"]

    response = client.post("/api/standing-orders", json=_body(alice_ids, payeeId=bobs_mum), headers=bearer(alice))

    assert_error(response, 422, "unknown_payee")


def test_standing_orders_need_a_token(client: httpx.Client) -> None:
    assert_error(client.get("/api/standing-orders"), 401)
    assert_error(client.post("/api/standing-orders", json={}), 401)


def test_a_large_standing_order_needs_an_approval_of_exactly_its_terms(
    live_app: LiveServer, client: httpx.Client, app_customer: tuple[str, str, str]
) -> None:
    """Over the approval threshold to a payee: 403 without an approval; one asked for, given with the app's
    code, sets up exactly those terms once; an order that needs none is 409 at the approval route."""
    username, token, secret = app_customer
    body = _body(_ids(live_app, username), amountCents=150_000)

    assert_error(client.post("/api/standing-orders", json=body, headers=bearer(token)), 403, "approval_required")
    small = client.post("/api/standing-orders/approval", json={**body, "amountCents": 90_000}, headers=bearer(token))
    assert_error(small, 409, "approval_not_needed")
    asked = client.post("/api/standing-orders/approval", json=body, headers=bearer(token))
    assert asked.status_code == 201, asked.text
    approval = asked.json()["id"]
    code = {"code": authenticators.current_code(secret)}
    assert client.post(f"/api/approvals/{approval}/code", json=code, headers=bearer(token)).status_code == 200
    other = {**body, "amountCents": 160_000, "approvalId": approval}  # not the terms approved
    assert_error(client.post("/api/standing-orders", json=other, headers=bearer(token)), 403, "approval_required")
    made = client.post("/api/standing-orders", json={**body, "approvalId": approval}, headers=bearer(token))
    assert made.status_code == 201, made.text
    again = client.post("/api/standing-orders", json={**body, "approvalId": approval}, headers=bearer(token))
    assert_error(again, 403, "approval_required")  # used
    client.delete(f"/api/standing-orders/{made.json()['id']}", headers=bearer(token))


def test_an_amendment_needs_an_approval_of_exactly_the_amended_order(
    live_app: LiveServer, client: httpx.Client, alice: str, app_customer: tuple[str, str, str]
) -> None:
    """£900 a month amended to £5,000 a month: 403 without an approval, nothing changed; an approval of another
    amount is refused; the approval of exactly this amendment changes it once; another user's order is 404."""
    username, token, secret = app_customer
    order = _create(client, token, _body(_ids(live_app, username)), [])
    url = f"/api/standing-orders/{order['id']}"

    assert_error(client.patch(url, json={"amountCents": 500_000}, headers=bearer(token)), 403, "approval_required")
    assert client.get(url, headers=bearer(token)).json()["amountCents"] == 90_000
    small = client.post(f"{url}/approval", json={"amountCents": 95_000}, headers=bearer(token))
    assert_error(small, 409, "approval_not_needed")
    assert_error(client.post(f"{url}/approval", json={"amountCents": 500_000}, headers=bearer(alice)), 404)
    asked = client.post(f"{url}/approval", json={"amountCents": 500_000}, headers=bearer(token))
    assert asked.status_code == 201, asked.text
    approval = asked.json()["id"]
    code = {"code": authenticators.current_code(secret)}
    assert client.post(f"/api/approvals/{approval}/code", json=code, headers=bearer(token)).status_code == 200
    other = {"amountCents": 600_000, "approvalId": approval}  # not the amendment approved
    assert_error(client.patch(url, json=other, headers=bearer(token)), 403, "approval_required")
    assert client.get(url, headers=bearer(token)).json()["amountCents"] == 90_000
    amended = client.patch(url, json={"amountCents": 500_000, "approvalId": approval}, headers=bearer(token))
    assert amended.status_code == 200, amended.text
    assert amended.json()["amountCents"] == 500_000
    again = client.patch(url, json={"amountCents": 500_000, "approvalId": approval}, headers=bearer(token))
    assert_error(again, 403, "approval_required")  # used
    client.delete(url, headers=bearer(token))


def test_patch_standing_order_changes_frequency_and_end_date(
    client: httpx.Client, alice: str, alice_ids: dict[str, int], cleanup: list[int]
) -> None:
    order = _create(client, alice, _body(alice_ids), cleanup)
    end = (_next_month_first() + timedelta(days=200)).isoformat()

    amended = client.patch(
        f"/api/standing-orders/{order['id']}",
        json={"frequency": "weekly", "day": 4, "endDate": end},
        headers=bearer(alice),
    )

    assert amended.status_code == 200, amended.text
    assert (amended.json()["schedule"], amended.json()["endDate"]) == ("every Friday", end)
    no_day = client.patch(f"/api/standing-orders/{order['id']}", json={"frequency": "monthly"}, headers=bearer(alice))
    assert_error(no_day, 422)
