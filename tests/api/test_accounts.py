"""Accounts over real HTTP: the caller's own accounts and statement pages, nobody else's."""

from __future__ import annotations

import re
from datetime import date, datetime

import httpx
import pytest

from tests.api.helpers import TRANSACTION_ID, assert_error, bearer

pytestmark = pytest.mark.live

ACCOUNT_KEYS = {"id", "name", "kind", "maskedNumber", "balanceCents", "currency", "availableCents", "creditLimitCents"}
TRANSACTION_KEYS = {
    "id",
    "accountId",
    "accountName",
    "bookedAt",
    "valueDate",
    "merchant",
    "category",
    "description",
    "amountCents",
    "balanceAfterCents",
}


def _accounts(client: httpx.Client, token: str) -> list[dict]:
    response = client.get("/api/accounts", headers=bearer(token))
    assert response.status_code == 200, response.text
    return list(response.json())


def _page(client: httpx.Client, token: str, account_id: int, **params: object) -> httpx.Response:
    return client.get(f"/api/accounts/{account_id}/transactions", params=params, headers=bearer(token))


def test_get_accounts_lists_checking_savings_credit(client: httpx.Client, alice: str) -> None:
    accounts = _accounts(client, alice)

    assert [a["kind"] for a in accounts] == ["checking", "savings", "credit"]
    for a in accounts:
        assert set(a) == ACCOUNT_KEYS
        assert re.fullmatch(r"•••• \d{4}", a["maskedNumber"])
        assert a["currency"] == "GBP"
        assert isinstance(a["balanceCents"], int)
        assert a["availableCents"] >= a["balanceCents"] + a["creditLimitCents"]
    assert accounts[2]["creditLimitCents"] > 0
    assert accounts[2]["balanceCents"] <= 0


def test_get_accounts_differ_per_user(client: httpx.Client, alice: str, bob: str) -> None:
    mine, theirs = _accounts(client, alice), _accounts(client, bob)

    assert not {a["id"] for a in mine} & {a["id"] for a in theirs}
    assert [a["balanceCents"] for a in mine] != [a["balanceCents"] for a in theirs]


def test_get_accounts_without_token_is_401(client: httpx.Client) -> None:
    assert_error(client.get("/api/accounts"), 401, "invalid_token")
    assert_error(client.get("/api/accounts", headers=bearer("not-a-token")), 401, "invalid_token")


def test_get_transactions_newest_first_camel_case(client: httpx.Client, alice: str) -> None:
    checking = _accounts(client, alice)[0]

    response = _page(client, alice, checking["id"])

    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"transactions", "nextBefore"}
    items = body["transactions"]
    assert len(items) == 20
    assert body["nextBefore"] == items[-1]["id"]
    for t in items:
        assert set(t) == TRANSACTION_KEYS
        assert TRANSACTION_ID.fullmatch(t["id"])
        assert t["accountId"] == checking["id"]
        assert t["accountName"] == "Everyday Checking"
        assert datetime.fromisoformat(t["bookedAt"]).tzinfo is not None
        date.fromisoformat(t["valueDate"])
        assert isinstance(t["amountCents"], int)
    booked = [datetime.fromisoformat(t["bookedAt"]) for t in items]
    assert booked == sorted(booked, reverse=True)
    assert items[0]["balanceAfterCents"] == checking["balanceCents"]


def test_get_transactions_pages_follow_without_overlap(client: httpx.Client, alice: str) -> None:
    savings = _accounts(client, alice)[1]["id"]
    first = _page(client, alice, savings, limit=3).json()

    second = _page(client, alice, savings, limit=3, before=first["nextBefore"]).json()
    both = _page(client, alice, savings, limit=6).json()

    assert len(first["transactions"]) == len(second["transactions"]) == 3
    assert [t["id"] for t in first["transactions"] + second["transactions"]] == [t["id"] for t in both["transactions"]]


def test_get_transactions_last_page_has_null_cursor(client: httpx.Client, alice: str) -> None:
    savings = _accounts(client, alice)[1]["id"]
    everything = _page(client, alice, savings, limit=100).json()
    assert everything["nextBefore"] is None  # savings has fewer than 100 entries in 90 days

    last = _page(client, alice, savings, limit=2, before=everything["transactions"][-3]["id"]).json()

    assert [t["id"] for t in last["transactions"]] == [t["id"] for t in everything["transactions"][-2:]]
    assert last["nextBefore"] is None


def test_get_transactions_of_other_users_account_is_404_like_missing(
    client: httpx.Client, alice: str, bob: str
) -> None:
    bobs = _accounts(client, bob)[0]["id"]

    foreign = assert_error(_page(client, alice, bobs), 404, "account_not_found")
    missing = assert_error(_page(client, alice, 987_654_321), 404, "account_not_found")

    assert foreign == missing == {"detail": "Account not found", "code": "account_not_found"}
    assert _page(client, bob, bobs).status_code == 200


def test_get_transactions_with_other_users_cursor_is_422(client: httpx.Client, alice: str, bob: str) -> None:
    bobs = _accounts(client, bob)[0]["id"]
    cursor = _page(client, bob, bobs, limit=1).json()["transactions"][0]["id"]
    mine = _accounts(client, alice)[0]["id"]

    assert_error(_page(client, alice, mine, before=cursor), 422, "invalid_cursor")


def test_get_transactions_with_cursor_of_another_account_or_tampered_is_422(client: httpx.Client, alice: str) -> None:
    checking, savings = (a["id"] for a in _accounts(client, alice)[:2])
    cursor = _page(client, alice, savings, limit=2).json()["nextBefore"]
    flipped = cursor[:-1] + ("A" if cursor[-1] != "A" else "B")

    for account, bad in (
        (checking, cursor),
        (savings, flipped),
        (savings, "1"),
        (savings, str(2**64)),
        (savings, "-1"),
    ):
        assert_error(_page(client, alice, account, before=bad), 422, "invalid_cursor")


def test_statement_ids_are_neither_numbers_nor_in_order(client: httpx.Client, alice: str) -> None:
    """Twenty lines booked one after another carry random IDs: they neither count nor sort."""
    checking = _accounts(client, alice)[0]["id"]

    ids = [t["id"] for t in _page(client, alice, checking, limit=20).json()["transactions"]]

    assert len(set(ids)) == 20
    assert not any(part.isdigit() for i in ids for part in i.split("_"))
    assert ids != sorted(ids)
    assert ids != sorted(ids, reverse=True)


def test_get_transactions_paging_returns_every_line_exactly_once(client: httpx.Client, alice: str) -> None:
    savings = _accounts(client, alice)[1]["id"]
    everything = _page(client, alice, savings, limit=100).json()["transactions"]

    seen: list[str] = []
    cursor = None
    while True:
        page = _page(client, alice, savings, limit=7, **({"before": cursor} if cursor else {})).json()
        seen += [t["id"] for t in page["transactions"]]
        cursor = page["nextBefore"]
        if cursor is None:
            break

    assert seen == [t["id"] for t in everything]


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 101},
        {"limit": -5},
        {"limit": "ten"},
        {"before": ""},
        {"before": "a b"},
        {"before": "x" * 65},
    ],
)
def test_get_transactions_bad_paging_is_422(client: httpx.Client, alice: str, params: dict) -> None:
    checking = _accounts(client, alice)[0]["id"]

    assert_error(_page(client, alice, checking, **params), 422, "invalid_request")


@pytest.mark.parametrize("account_id", ["abc", "0", "-1", str(2**64), "1.5"])
def test_get_transactions_bad_account_id_is_422(client: httpx.Client, alice: str, account_id: str) -> None:
    response = client.get(f"/api/accounts/{account_id}/transactions", headers=bearer(alice))

    assert_error(response, 422, "invalid_request")


def test_get_transactions_without_token_is_401(client: httpx.Client, alice: str) -> None:
    checking = _accounts(client, alice)[0]["id"]

    assert_error(client.get(f"/api/accounts/{checking}/transactions"), 401, "invalid_token")


def test_openapi_documents_account_routes(client: httpx.Client) -> None:
    paths = client.get("/openapi.json").json()["paths"]

    assert {"/api/accounts", "/api/accounts/{account_id}/transactions"} <= set(paths)
    assert paths["/api/accounts"]["get"]["security"] == [{"BearerToken": []}]
    assert "404" in paths["/api/accounts/{account_id}/transactions"]["get"]["responses"]


def test_post_accounts_is_405(client: httpx.Client, alice: str) -> None:
    assert_error(client.post("/api/accounts", headers=bearer(alice)), 405, "method_not_allowed")
