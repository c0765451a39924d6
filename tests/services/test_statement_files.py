"""Statements as files: the CSV's header block and rows, the PDF valid and its text (with "£") readable back."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader
from sqlmodel import Session as Db

from bankchat.bank import list_accounts, seed_bank_demo
from bankchat.bank.money import format_cents
from bankchat.bank.statements import Statement, StatementLine, build_statement
from bankchat.db import session_scope
from bankchat.services.statement_csv import COLUMNS, decimal, statement_csv
from bankchat.services.statement_pdf import statement_pdf
from tests.factories import make_user

TODAY = date(2025, 3, 14)
FEBRUARY = date(2025, 2, 1)
PRODUCED = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
NAME = "Zoë Ångström-Nuñez"


def _statement(db: Db, kind: str = "checking", month: date = FEBRUARY) -> Statement:
    user = make_user(db, display_name=NAME)
    assert user.id is not None
    seed_bank_demo(db=db, user_id=user.id, username="alice", today=TODAY)
    account = next(a for a in list_accounts(db=db, owner_id=user.id) if a.kind == kind)
    return build_statement(db=db, owner_id=user.id, account_id=account.id, month=month, today=TODAY)


@pytest.fixture(scope="module")
def february() -> Statement:
    with session_scope() as db:
        return _statement(db)


def _rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_decimal_is_exact_from_integer_cents() -> None:
    assert [decimal(c) for c in (0, 5, -5, 1250, -123456, 10**15 + 1)] == [
        "0.00", "0.05", "-0.05", "12.50", "-1234.56", "10000000000000.01",
    ]  # fmt: skip


def test_csv_opens_with_header_block_then_one_row_per_posting(february: Statement) -> None:
    content = statement_csv(february, customer=NAME, generated_at=PRODUCED)
    assert content.startswith(b"\xef\xbb\xbf")  # a BOM: spreadsheets read UTF-8 ("£", "ë")
    rows = _rows(content)
    header = {row[0]: row[1:] for row in rows[: rows.index([])]}
    account = february.account
    assert header["BankChat statement"] == ["February 2025"]
    assert header["Customer"] == [NAME]
    assert header["Account"] == [account.name, account.masked_number]
    assert (header["From"], header["To"]) == (["2025-02-01"], ["2025-02-28"])
    assert header["Opening balance"] == [decimal(february.opening_cents)]
    assert header["Closing balance"] == [decimal(february.closing_cents)]
    assert header["Money out"] == [decimal(february.money_out_cents)]
    postings = rows[rows.index(list(COLUMNS)) + 1 :]
    assert len(postings) == len(february.lines) == int(header["Postings"][0])
    for row, line in zip(postings, february.lines, strict=True):
        assert row[0] == line.value_date.isoformat()
        assert row[5] == decimal(line.amount_cents)
        assert row[6] == decimal(line.balance_cents)
        assert (row[3] or row[4]) == decimal(abs(line.amount_cents))
    assert any(row[5].startswith("-") for row in postings)  # money out, as negative amounts


def test_csv_cells_from_outside_cannot_run_as_formulas(february: Statement) -> None:
    evil = replace(
        february.lines[0], merchant='=HYPERLINK("https://evil.example","click")', description="", category="@SUM(A1)"
    )
    content = statement_csv(replace(february, lines=(evil,)), customer="+cmd|calc", generated_at=PRODUCED)
    rows = _rows(content)
    assert rows[1] == ["Customer", "'+cmd|calc"]
    posting = rows[-1]
    assert posting[1].startswith("'=HYPERLINK")
    assert posting[2] == "'@SUM(A1)"


@pytest.mark.parametrize(
    ("merchant", "description", "details"),
    [
        ("Tesco", "", "Tesco"),
        ("Tesco", "Tesco", "Tesco"),
        ("Northwind Traders", "Salary", "Northwind Traders · Salary"),
        ("", "Balance brought forward", "Balance brought forward"),
    ],
)
def test_line_details_say_who_and_what_for(february: Statement, merchant: str, description: str, details: str) -> None:
    assert replace(february.lines[0], merchant=merchant, description=description).details == details


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_is_valid_and_shows_pounds_name_and_every_posting(february: Statement) -> None:
    content = statement_pdf(february, customer=NAME, generated_at=PRODUCED)
    assert content.startswith(b"%PDF-")
    assert content.rstrip().endswith(b"%%EOF")
    reader = PdfReader(io.BytesIO(content))
    assert reader.metadata is not None
    assert reader.metadata.title == f"{february.account.name} statement, February 2025"
    text = _pdf_text(content)
    assert "£" in text
    assert NAME in text
    assert "Statement for February 2025" in text
    for cents in (february.opening_cents, february.money_in_cents, february.money_out_cents, february.closing_cents):
        assert format_cents(cents) in text
    negative = next(line for line in february.lines if line.amount_cents < 0)
    assert format_cents(negative.amount_cents) in text  # "-£12.50"
    assert all(format_cents(line.balance_cents) in text for line in february.lines)


def test_pdf_of_many_postings_runs_to_numbered_pages(february: Statement) -> None:
    many = tuple(
        StatementLine(
            public_id=f"txn_{n}", booked_at=PRODUCED, value_date=FEBRUARY, merchant="Café Crème",
            category="coffee", description="Café Crème", amount_cents=-n, balance_cents=-n,
        )
        for n in range(1, 121)
    )  # fmt: skip
    content = statement_pdf(replace(february, lines=many), customer=NAME, generated_at=PRODUCED)
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) >= 3
    last = reader.pages[-1].extract_text()
    assert f"page {len(reader.pages)} of {len(reader.pages)}" in last
    assert "Café Crème" in _pdf_text(content)


def test_pdf_of_month_without_postings_says_so(february: Statement) -> None:
    content = statement_pdf(replace(february, lines=()), customer=NAME, generated_at=PRODUCED)
    assert "No money went in or out" in _pdf_text(content)
