"""A statement as CSV: a header block (who, which account, which month, the totals), then one row a posting.

Amounts are decimal strings made from integer cents (``-12.50``), never floats. Text that came
from outside (a merchant's name, a description) is made spreadsheet-safe, as in the audit log's
export, so a payee called ``=HYPERLINK(…)`` is shown, not run. UTF-8 with a byte-order mark, so
spreadsheets show "£" and accents as written.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from bankchat.bank.statements import Statement
from bankchat.services.audit import spreadsheet_safe

MEDIA_TYPE = "text/csv; charset=utf-8"
COLUMNS = ("Date", "Description", "Category", "Money in", "Money out", "Amount", "Balance")
"""The postings' header row."""


def decimal(cents: int) -> str:
    """``-1250`` → ``-12.50``: exact, from integer cents."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def statement_csv(statement: Statement, *, customer: str, generated_at: datetime) -> bytes:
    """The statement as CSV bytes (UTF-8 with BOM)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    account = statement.account
    writer.writerows(
        [
            ["BankChat statement", statement.label + (" (to date)" if statement.to_date else "")],
            ["Customer", spreadsheet_safe(customer)],
            ["Account", spreadsheet_safe(account.name), account.masked_number],
            ["Currency", account.currency],
            ["From", statement.month.isoformat()],
            ["To", statement.end.isoformat()],
            ["Opening balance", decimal(statement.opening_cents)],
            ["Money in", decimal(statement.money_in_cents)],
            ["Money out", decimal(statement.money_out_cents)],
            ["Closing balance", decimal(statement.closing_cents)],
            ["Postings", str(len(statement.lines))],
            ["Generated", generated_at.isoformat(timespec="seconds")],
            [],
            list(COLUMNS),
        ]
    )
    for line in statement.lines:
        amount = line.amount_cents
        writer.writerow(
            [
                line.value_date.isoformat(),
                spreadsheet_safe(line.details),
                spreadsheet_safe(line.category),
                decimal(amount) if amount > 0 else "",
                decimal(-amount) if amount < 0 else "",
                decimal(amount),
                decimal(line.balance_cents),
            ]
        )
    return out.getvalue().encode("utf-8-sig")
