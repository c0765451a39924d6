"""The audit log's CSV export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from bankchat import bank
from bankchat.db import session_scope
from bankchat.errors import NotAManager
from bankchat.models import AuditEntry
from bankchat.services import UserView, audit
from bankchat.services.audit import AuditView
from tests.factories import count_rows


def _entry(detail: str, session_id: str | None = "sess_a_b") -> AuditView:
    return AuditView(
        id=7,
        created_at=datetime(2026, 11, 26, 9, 30, tzinfo=UTC),
        actor="manager",
        action="view_transcript",
        session_id=session_id,
        customer="alice",
        detail=detail,
    )


def test_csv_has_a_header_and_one_row_per_entry() -> None:
    text = audit.as_csv([_entry('looked, "quoted"\nand a newline'), _entry("", None)])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(audit.CSV_COLUMNS)
    assert rows[1] == [
        "7",
        "2026-11-26T09:30:00+00:00",
        "manager",
        "view_transcript",
        "sess_a_b",
        "alice",
        'looked, "quoted"\nand a newline',
    ]
    assert rows[2][4] == ""
    assert len(rows) == 3


@pytest.mark.parametrize("formula", ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)"])
def test_cells_that_a_spreadsheet_would_run_are_defused(formula: str) -> None:
    rows = list(csv.reader(io.StringIO(audit.as_csv([_entry(formula)]))))
    assert rows[1][-1] == "'" + formula


def test_unknown_actions_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown audit action"):
        audit.record(None, actor_id=1, action="peek")  # type: ignore[arg-type]


def test_read_or_export_the_log_as_customer_is_not_a_manager(user: UserView) -> None:
    with session_scope() as db:
        before = count_rows(db, AuditEntry)
    for read in (lambda db: audit.recent(db, manager=user), lambda db: audit.export_csv(db, manager=user)):
        with session_scope() as db, pytest.raises(NotAManager):
            read(db)
    with session_scope() as db:
        assert count_rows(db, AuditEntry) == before  # a refused export leaves no entry


def test_export_the_log_as_manager_is_audited(staff: UserView) -> None:
    with session_scope() as db:
        text = audit.export_csv(db, manager=staff)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][2:4] == [staff.username, "export_audit"]


def test_a_customers_payee_changes_are_in_the_log_staff_read(user: UserView, staff: UserView) -> None:
    details = bank.read_details(sort_code="20-00-00", account_number="12345678")
    with session_scope() as db:
        payee = bank.add_payee(db=db, owner_id=user.id, name="Tom Smith", details=details)
        bank.rename_payee(db=db, owner_id=user.id, payee_id=payee.id, nickname="tom")
        bank.remove_payee(db=db, owner_id=user.id, payee_id=payee.id)

    with session_scope() as db:
        entries = [e for e in audit.recent(db, manager=staff) if e.customer == user.username]

    assert [e.action for e in reversed(entries)] == ["payee_add", "payee_rename", "payee_remove"]
    assert all(e.actor == user.username for e in entries)
    assert entries[-1].detail == f"payee {payee.id} Tom Smith (•••• 5678, ••-••-00)"
    assert "12345678" not in audit.as_csv(entries)
