"""What a transfer looks like to its callers: the request, the quote to confirm, the result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bankchat.bank.accounts import AccountView
from bankchat.bank.payees import PayeeView


@dataclass(frozen=True)
class PaymentRequest:
    """Money the customer asks to send, from one of their accounts to another or to one of their payees."""

    source_account_id: int
    amount_cents: int
    target_account_id: int | None = None
    """One of the customer's own accounts, or None when paying a payee."""
    payee_id: int | None = None
    """One of the customer's payees, or None when moving money between own accounts."""


@dataclass(frozen=True)
class TransferRequest(PaymentRequest):
    """What the customer asked for, as ``validate_transfer``, ``execute_transfer`` and ``submit_transfer`` take it."""

    memo: str = ""
    """The customer's reference, shown on the ledger rows (only ``execute_transfer`` records it)."""


@dataclass(frozen=True)
class TransferQuote:
    """A transfer that would go through right now; nothing has moved."""

    source: AccountView
    amount_cents: int
    currency: str
    target_account: AccountView | None
    payee: PayeeView | None
    target_name: str
    available_after_cents: int
    """What the source would have available afterwards."""
    sent_today_cents: int
    """Already sent from the source today, before this transfer."""
    daily_limit_cents: int


@dataclass(frozen=True)
class PaymentView:
    """A payment set up or made: from which of the customer's accounts, to whom, how much (by name as well as ID)."""

    id: int
    source_account_id: int
    source_name: str
    target_account_id: int | None
    payee_id: int | None
    target_name: str
    amount_cents: int
    currency: str


@dataclass(frozen=True)
class TransferView(PaymentView):
    """A completed transfer."""

    reference: str
    """The customer-facing reference (random); ``id`` is internal."""
    memo: str
    idempotency_key: str
    status: str
    created_at: datetime
    source_balance_after_cents: int
    """The source's balance right after this transfer."""
    replayed: bool = False
    """True when the key had been used: this is the earlier transfer and nothing moved now."""
