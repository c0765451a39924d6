"""``LedgerLine``: one ledger entry as it is shown, the fields a transaction and a statement line share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class LedgerLine:
    """One posting: when, who, what for and how much (``TransactionView`` and ``StatementLine`` add their own)."""

    public_id: str
    """What customers see as the line's ID: random, unordered."""
    booked_at: datetime
    value_date: date
    merchant: str
    category: str
    description: str
    amount_cents: int
    """Signed: money out is negative."""

    @property
    def details(self) -> str:
        """Who, and what for when that says more: "Northwind Traders · Salary", "Tesco"."""
        said = self.description.strip()
        return self.merchant if said in ("", self.merchant) else f"{self.merchant} · {said}" if self.merchant else said
