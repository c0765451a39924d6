"""The console's row of an open dispute: a reopened case shows the appeal next to the first decision's note."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

from bankchat.bank.disputes import DisputeView
from bankchat.services.disputes import StaffDisputeView
from bankchat.state.console_rows import dispute_row

_CASE = DisputeView(
    reference="DS-1234",
    status="open",
    reason="not_recognised",
    customer_words="",
    amount_cents=2391,
    currency="GBP",
    merchant="Uber",
    value_date=date(2026, 10, 11),
    account_id=1,
    account_name="Everyday Checking",
    transaction_id="txn_1",
    staff_note="",
    created_at=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
    decided_at=None,
    owner_id=2,
    appeal_note="",
    reopened_at=None,
)


def test_a_first_time_case_has_no_appeal_line() -> None:
    row = dispute_row(0, StaffDisputeView(case=_CASE, customer="alice", customer_name="Alice Anderson"))
    assert row.appeal == ""
    assert row.amount == "£23.91"


def test_a_reopened_case_shows_the_appeal_and_the_first_rejection() -> None:
    reopened = dataclasses.replace(
        _CASE,
        staff_note="The merchant showed a signed receipt",
        appeal_note="The receipt is not my signature",
        reopened_at=datetime(2026, 12, 3, 10, 0, tzinfo=UTC),
    )
    row = dispute_row(1, StaffDisputeView(case=reopened, customer="alice", customer_name="Alice Anderson"))
    first = "The merchant showed a signed receipt"
    assert row.appeal == f"Appeal: “The receipt is not my signature” (first rejected: {first})"
