"""Statement lines as the flows show them: a Markdown table, and each row as a subject to ask about alone."""

from __future__ import annotations

from bankchat.agents.flows.values import TransactionRef, to_json
from bankchat.agents.tables import table
from bankchat.agents.types import Subject
from bankchat.bank.ledger import TransactionView
from bankchat.bank.money import format_cents


def table_of(items: list[TransactionView]) -> str:
    """Transactions as a Markdown table."""
    rows = [
        (
            t.value_date.strftime("%d %b"),
            t.merchant or t.description,
            t.category,
            format_cents(t.amount_cents),
            t.account_name,
        )
        for t in items
    ]
    return table(["Date", "Description", "Category", "Amount", "Account"], rows, "lllrl")


def row_subject(item: TransactionView) -> Subject:
    """A row of the list, as asking about it alone ("the 2nd one")."""
    return Subject("transaction_details", {"transaction": to_json(TransactionRef(item.id))})
