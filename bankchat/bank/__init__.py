"""The bank: accounts, ledger, transfers, cards and payees, as plain Python over the tables.

Every function is keyword-only, takes the database session explicitly, reads
only the caller's own rows (anyone else's answer "not found" exactly like a
missing one) and returns frozen views, never table rows. Nothing here imports
reflex or fastapi.
"""

from bankchat.bank.accounts import AccountView, find_account, find_accounts, get_account, list_accounts
from bankchat.bank.bank_details import BankDetails, read_details
from bankchat.bank.cards import (
    CardChange,
    CardView,
    find_card,
    freeze_card,
    get_card,
    list_cards,
    report_lost,
    unfreeze_card,
)
from bankchat.bank.demo_data import seed_bank_demo
from bankchat.bank.disputes import DisputeView, get_dispute, list_disputes, open_dispute
from bankchat.bank.ledger import (
    CATEGORIES,
    SpendingSummary,
    TransactionPage,
    TransactionView,
    cursor_row_id,
    known_merchants,
    search_transactions,
    spending_summary,
)
from bankchat.bank.money import format_cents
from bankchat.bank.payee_changes import add_payee, remove_payee, rename_payee
from bankchat.bank.payees import PayeeView, find_payee, get_payee, list_payees
from bankchat.bank.statements import Statement, StatementLine, build_statement, statement_months
from bankchat.bank.transfer_views import TransferQuote, TransferRequest, TransferView
from bankchat.bank.transfers import execute_transfer, submit_transfer, validate_transfer

__all__ = [
    "CATEGORIES",
    "AccountView",
    "BankDetails",
    "CardChange",
    "CardView",
    "DisputeView",
    "PayeeView",
    "SpendingSummary",
    "Statement",
    "StatementLine",
    "TransactionPage",
    "TransactionView",
    "TransferQuote",
    "TransferRequest",
    "TransferView",
    "add_payee",
    "build_statement",
    "cursor_row_id",
    "execute_transfer",
    "find_account",
    "find_accounts",
    "find_card",
    "find_payee",
    "format_cents",
    "freeze_card",
    "get_account",
    "get_card",
    "get_dispute",
    "get_payee",
    "known_merchants",
    "list_accounts",
    "list_cards",
    "list_disputes",
    "list_payees",
    "open_dispute",
    "read_details",
    "remove_payee",
    "rename_payee",
    "report_lost",
    "search_transactions",
    "seed_bank_demo",
    "spending_summary",
    "statement_months",
    "submit_transfer",
    "unfreeze_card",
    "validate_transfer",
]
