"""Statements over real HTTP: PDF and CSV by bearer token for the owner only, and by the chat's signed links."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from bankchat.bank.statement_links import signed_path
from tests.api.helpers import assert_error, bearer, new_session, send

pytestmark = pytest.mark.live

LINK = re.compile(r"\[(?:PDF|CSV)\]\((/api/statements/[^)\s]+)\)")


def _months() -> tuple[str, str]:
    """This month and last month, as ``YYYY-MM`` (the live app's today is today)."""
    first = datetime.now(UTC).date().replace(day=1)
    return f"{first:%Y-%m}", f"{first - timedelta(days=1):%Y-%m}"


def _account(client: httpx.Client, token: str, kind: str = "checking") -> dict:
    response = client.get("/api/accounts", headers=bearer(token))
    assert response.status_code == 200, response.text
    return next(a for a in response.json() if a["kind"] == kind)


def _header(content: bytes) -> dict[str, list[str]]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return {row[0]: row[1:] for row in rows[: rows.index([])]}


def _cents(decimal: str) -> int:
    whole, part = decimal.lstrip("-").split(".")
    return (-1 if decimal.startswith("-") else 1) * (int(whole) * 100 + int(part))


def test_get_statements_lists_months_newest_first_with_their_files(client: httpx.Client, alice: str, bob: str) -> None:
    account = _account(client, alice)
    this, last = _months()

    response = client.get(f"/api/accounts/{account['id']}/statements", headers=bearer(alice))

    assert response.status_code == 200, response.text
    listed = response.json()
    assert [m["month"] for m in listed[:2]] == [this, last]
    assert [m["toDate"] for m in listed] == [True] + [False] * (len(listed) - 1)
    assert len(listed) >= 3  # about 90 days of history
    assert client.get(listed[1]["csvUrl"], headers=bearer(alice)).status_code == 200
    assert_error(client.get(f"/api/accounts/{account['id']}/statements", headers=bearer(bob)), 404, "account_not_found")


def test_get_statement_pdf_is_attachment_starting_with_pdf_magic(client: httpx.Client, alice: str) -> None:
    account = _account(client, alice)
    _, last = _months()

    response = client.get(f"/api/accounts/{account['id']}/statements/{last}.pdf", headers=bearer(alice))

    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    filename = f"bankchat-statement-{account['maskedNumber'][-4:]}-{last}.pdf"
    assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'
    assert response.headers["cache-control"] == "no-store"
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) > 5_000  # the font's subset is embedded


def test_get_statement_csv_reconciles_months_with_balance(client: httpx.Client, alice: str) -> None:
    account = _account(client, alice, "savings")
    this, last = _months()

    before = client.get(f"/api/accounts/{account['id']}/statements/{last}.csv", headers=bearer(alice))
    now = client.get(f"/api/accounts/{account['id']}/statements/{this}.csv", headers=bearer(alice))

    assert before.status_code == now.status_code == 200
    assert before.headers["content-type"] == "text/csv; charset=utf-8"
    last_month, this_month = _header(before.content), _header(now.content)
    assert last_month["Account"] == [account["name"], account["maskedNumber"]]
    assert this_month["Opening balance"] == last_month["Closing balance"]
    assert _cents(this_month["Closing balance"][0]) == _account(client, alice, "savings")["balanceCents"]


def test_get_another_customers_statement_is_404_like_a_missing_account(
    client: httpx.Client, alice: str, bob: str
) -> None:
    account = _account(client, alice)
    _, last = _months()

    for fmt in ("pdf", "csv"):
        response = client.get(f"/api/accounts/{account['id']}/statements/{last}.{fmt}", headers=bearer(bob))
        assert_error(response, 404, "account_not_found")
    assert_error(client.get(f"/api/accounts/999999999/statements/{last}.pdf", headers=bearer(bob)), 404)


@pytest.mark.parametrize("month", ["2025-13", "2025-00", "february", "2025-2", "20250201"])
def test_get_statement_of_no_month_is_422_with_detail(client: httpx.Client, alice: str, month: str) -> None:
    account = _account(client, alice)

    body = assert_error(
        client.get(f"/api/accounts/{account['id']}/statements/{month}.csv", headers=bearer(alice)), 422, "invalid_month"
    )

    assert "YYYY-MM" in body["detail"]


def test_get_statement_of_future_or_ancient_month_is_404_saying_why(client: httpx.Client, alice: str) -> None:
    account = _account(client, alice)
    ahead = date.today().replace(day=1) + timedelta(days=40)

    future = client.get(f"/api/accounts/{account['id']}/statements/{ahead:%Y-%m}.pdf", headers=bearer(alice))
    ancient = client.get(f"/api/accounts/{account['id']}/statements/1999-01.pdf", headers=bearer(alice))

    assert "yet" in assert_error(future, 404, "statement_not_found")["detail"]
    assert "statements start in" in assert_error(ancient, 404, "statement_not_found")["detail"]


def test_get_statement_without_token_is_401(client: httpx.Client) -> None:
    assert_error(client.get("/api/accounts/1/statements/2025-01.pdf"), 401, "invalid_token")


def _chat_links(client: httpx.Client, token: str, text: str) -> list[str]:
    session = new_session(client, token)["sessionId"]
    response = send(client, token, session, text)
    assert response.status_code == 200, response.text
    return LINK.findall(response.json()["reply"]["content"])


def test_chat_links_download_without_token_and_not_for_another_customer(
    client: httpx.Client, alice: str, bob: str
) -> None:
    pdf, csv_link = _chat_links(client, alice, "download last month's savings statement")
    _, last = _months()

    assert f"/{last}.pdf?" in pdf
    document = client.get(pdf)  # the browser holds no bearer token
    assert document.status_code == 200, document.text
    assert document.content.startswith(b"%PDF-")
    assert document.headers["content-disposition"].startswith('attachment; filename="bankchat-statement-')
    table = client.get(csv_link, headers=bearer(alice))
    assert table.status_code == 200
    assert _header(table.content)["Account"][0] == "Savings"
    assert_error(client.get(pdf, headers=bearer(bob)), 404, "account_not_found")
    assert_error(client.get(pdf, headers=bearer("bct_not-a-real-token")), 401, "invalid_token")


def test_tampered_chat_link_is_403_invalid_link(client: httpx.Client, alice: str) -> None:
    pdf, _ = _chat_links(client, alice, "statement pls")
    _, last = _months()
    earlier = f"{date.fromisoformat(last + '-01') - timedelta(days=1):%Y-%m}"

    for forged in (
        pdf.replace(f"/{last}.pdf", f"/{earlier}.pdf"),
        pdf.replace(".pdf?", ".csv?"),
        re.sub(r"expires=\d+", "expires=4102444800", pdf),
        re.sub(r"signature=[\w-]+", "signature=" + "A" * 43, pdf),
        re.sub(r"/api/statements/\d+/", "/api/statements/999999999/", pdf),
    ):
        assert_error(client.get(forged), 403, "invalid_link")
    assert_error(client.get(pdf.split("&signature")[0]), 422, "invalid_request")


def test_expired_link_is_410_link_expired(client: httpx.Client, alice: str) -> None:
    account = _account(client, alice)
    me = client.get("/api/me", headers=bearer(alice)).json()
    long_ago = datetime.now(UTC) - timedelta(days=1)
    _, last = _months()

    stale = signed_path(
        owner_id=me["id"], account_id=account["id"], month=date.fromisoformat(f"{last}-01"), fmt="pdf", now=long_ago
    )

    body = assert_error(client.get(stale), 410, "link_expired")
    assert "Ask for the statement again" in body["detail"]


BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
"""What a browser asks for when the customer clicks a link."""


def _stale_link(client: httpx.Client, token: str) -> str:
    account = _account(client, token)
    me = client.get("/api/me", headers=bearer(token)).json()
    _, last = _months()
    month = date.fromisoformat(f"{last}-01")
    return signed_path(
        owner_id=me["id"], account_id=account["id"], month=month, fmt="pdf", now=datetime.now(UTC) - timedelta(days=1)
    )


def _page(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert "ask the assistant for your statement again" in response.text.lower()
    assert '"detail"' not in response.text
    return response.text


def test_expired_link_in_a_browser_is_a_410_page_saying_how_to_get_a_fresh_one(
    client: httpx.Client, alice: str
) -> None:
    stale = _stale_link(client, alice)

    page = _page(client.get(stale, headers=BROWSER), 410)

    assert "This link has expired" in page
    assert_error(client.get(stale), 410, "link_expired")  # an API client keeps the JSON
    assert_error(client.get(stale, headers={"Accept": "application/json"}), 410, "link_expired")


def test_tampered_link_in_a_browser_is_a_403_page(client: httpx.Client, alice: str) -> None:
    pdf, _ = _chat_links(client, alice, "statement pls")

    page = _page(client.get(re.sub(r"signature=[\w-]+", "signature=" + "A" * 43, pdf), headers=BROWSER), 403)

    assert "This link isn't valid" in page


def test_another_customers_link_in_a_browser_is_a_404_page(client: httpx.Client, alice: str, bob: str) -> None:
    pdf, _ = _chat_links(client, alice, "statement pls")

    page = _page(client.get(pdf, headers={**BROWSER, **bearer(bob)}), 404)

    assert "couldn't find that statement" in page
    assert client.get(pdf, headers=BROWSER).content.startswith(b"%PDF-")  # a good link still downloads
