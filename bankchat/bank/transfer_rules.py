"""What a transfer must satisfy, and the friendly refusals when it does not."""

from __future__ import annotations

from sqlmodel import Session as Db

from bankchat.bank.accounts import owned_account
from bankchat.bank.money import format_cents, is_cents
from bankchat.bank.transfer_views import TransferRequest
from bankchat.errors import AccountNotFound, TransferRejected
from bankchat.models import Account

SOURCE_KINDS = ("checking", "savings")
"""Accounts money may be sent from (a credit card may not: no cash advances)."""
MAX_KEY_CHARS = 64
MAX_MEMO_CHARS = 140


def check_shape(request: TransferRequest) -> None:
    """Checks that need no database."""
    if not is_cents(request.amount_cents):
        raise TransferRejected("invalid_amount", "The amount must be a positive number of pence")
    if (request.target_account_id is None) == (request.payee_id is None):
        raise TransferRejected("unknown_target", "Choose one of your accounts or one payee to send the money to")
    if request.target_account_id == request.source_account_id:
        raise TransferRejected("same_account", "The money would go to the account it comes from")
    if not isinstance(request.memo, str) or len(request.memo) > MAX_MEMO_CHARS:
        raise TransferRejected("invalid_request", f"A reference may be at most {MAX_MEMO_CHARS} characters")


def own_target(db: Db, owner_id: int, account_id: int, source: Account) -> Account:
    """The customer's own account ``account_id``, to be paid from ``source`` (it must hold the same currency).

    Raises:
        TransferRejected: ``unknown_target`` (not one of theirs) or ``invalid_request`` (another currency).
    """
    try:
        target = owned_account(db=db, owner_id=owner_id, account_id=account_id)
    except AccountNotFound:
        raise TransferRejected("unknown_target", "That account is not one of yours") from None
    if target.currency != source.currency:
        raise TransferRejected("invalid_request", "Both accounts must hold the same currency")
    return target


def check_key(key: str) -> str:
    """The idempotency key, if it is a usable one."""
    if not isinstance(key, str) or not key.strip() or len(key) > MAX_KEY_CHARS:
        raise TransferRejected("invalid_request", f"An idempotency key of 1 to {MAX_KEY_CHARS} characters is required")
    return key


def insufficient(source: Account, available: int) -> TransferRejected:
    """The refusal for a transfer larger than what ``source`` has available."""
    shown = format_cents(max(available, 0), source.currency)
    return TransferRejected("insufficient_funds", f"Not enough money: your {source.name} has {shown} available")


def over_limit(source: Account, sent: int, limit: int | None = None) -> TransferRejected:
    """The refusal for a transfer that would pass the daily limit, ``sent`` having left already."""
    limit = source.daily_transfer_limit_cents if limit is None else limit
    left = format_cents(max(limit - sent, 0), source.currency)
    return TransferRejected(
        "over_daily_limit",
        f"That is over the daily transfer limit of {format_cents(limit, source.currency)}; {left} is left for today",
    )
