"""The bank's tables: accounts, their ledger, cards, payees and transfers.

Money is integer cents (``BIGINT``) in the account's currency. The database
itself refuses what the code must never do: a balance below what the account
allows, a transfer of zero, a transfer to both an account and a payee, the
same idempotency key twice for one customer.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, Date, ForeignKey, Index, Integer, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from bankchat.models.types import PUBLIC_ID_MAX, UTCDateTime, new_entry_public_id, utcnow


def _cents(*, default: int | None = None) -> Column[int]:
    return Column(BigInteger, nullable=False, default=default)


class Account(SQLModel, table=True):
    """A customer's account: checking, savings or a credit card (negative balance = owed)."""

    __table_args__ = (
        UniqueConstraint("owner_id", "name", name="uq_account_owner_name"),
        CheckConstraint("kind IN ('checking', 'savings', 'credit')", name="ck_account_kind"),
        CheckConstraint("credit_limit_cents >= 0 AND overdraft_limit_cents >= 0", name="ck_account_limits"),
        CheckConstraint(
            "balance_cents + credit_limit_cents + overdraft_limit_cents >= 0", name="ck_account_within_limit"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id", index=True, nullable=False)
    name: str = Field(max_length=64)
    """``Everyday Checking``, ``Savings``, ``Credit Card``."""
    kind: str = Field(max_length=16)
    """``checking``, ``savings`` or ``credit``."""
    masked_number: str = Field(max_length=32)
    """``•••• 4821``: a full account number is never stored."""
    currency: str = Field(default="GBP", max_length=3)
    balance_cents: int = Field(default=0, sa_column=_cents(default=0))
    credit_limit_cents: int = Field(default=0, sa_column=_cents(default=0))
    """Credit cards only; 0 for the others."""
    overdraft_limit_cents: int = Field(default=0, sa_column=_cents(default=0))
    daily_transfer_limit_cents: int = Field(default=1_000_000, sa_column=_cents(default=1_000_000))
    """Most that may leave this account by transfer in one (UTC) day: £10,000 by default."""
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


_LIVE = text("removed_at IS NULL")


class Payee(SQLModel, table=True):
    """Someone outside the bank a customer pays; only masked details (and a keyed hash of the full ones) are kept.

    A removed payee keeps its row (``removed_at`` set) so its past transfers keep their payee; names and bank
    details are unique among the customer's payees still listed.
    """

    __table_args__ = (
        Index("uq_payee_owner_name", "owner_id", "name", unique=True, sqlite_where=_LIVE, postgresql_where=_LIVE),
        Index(
            "uq_payee_owner_details",
            "owner_id",
            "details_hash",
            unique=True,
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id", index=True, nullable=False)
    name: str = Field(max_length=120)
    nickname: str = Field(default="", max_length=64)
    """A lowercase alias the customer uses: ``landlord``, ``mum``."""
    bank_name: str = Field(max_length=64)
    masked_account: str = Field(max_length=32)
    """``•••• 1234``."""
    sort_code: str = Field(max_length=16)
    """Masked: ``••-••-45`` (a foreign IBAN: ``IBAN DE``)."""
    details_hash: str | None = Field(default=None, max_length=64)
    """An HMAC of the normalised full details (``bankchat.bank.payee_changes``), to refuse the same account twice;
    None for payees saved before it was kept (the demo's)."""
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    removed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    """When the customer removed it: no longer listed nor payable, still named by its past transfers."""


REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
"""Crockford-like: no 0/O or 1/I to misread over the phone."""


def new_transfer_reference() -> str:
    """A customer-facing transfer reference, ``TR-XXXX-XXXX-XXXX``: 60 random bits, says nothing about volume."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(12))
    return f"TR-{chars[:4]}-{chars[4:8]}-{chars[8:]}"


class Transfer(SQLModel, table=True):
    """Money moved by the customer: to one of their own accounts or to a payee, never both."""

    __table_args__ = (
        UniqueConstraint("owner_id", "idempotency_key", name="uq_transfer_idempotency_key"),
        Index("uq_transfer_reference", "reference", unique=True),
        CheckConstraint("amount_cents > 0", name="ck_transfer_amount_positive"),
        CheckConstraint("(target_account_id IS NULL) <> (payee_id IS NULL)", name="ck_transfer_account_or_payee"),
        CheckConstraint("status IN ('completed', 'rejected')", name="ck_transfer_status"),
        Index("ix_transfer_source_created", "source_account_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(default_factory=new_transfer_reference, max_length=20, nullable=True)
    """What the customer is told (the integer ``id`` would reveal how many transfers the bank makes).
    Always set (here, and for older rows by migration 0007); the database enforces only its uniqueness."""
    owner_id: int = Field(foreign_key="user.id", index=True, nullable=False)
    source_account_id: int = Field(foreign_key="account.id", nullable=False)
    target_account_id: int | None = Field(default=None, foreign_key="account.id", nullable=True)
    payee_id: int | None = Field(default=None, foreign_key="payee.id", nullable=True)
    amount_cents: int = Field(sa_column=_cents())
    currency: str = Field(default="GBP", max_length=3)
    memo: str = Field(default="", max_length=140)
    idempotency_key: str = Field(max_length=64)
    """The client's key: the same key twice moves money once."""
    status: str = Field(default="completed", max_length=16)
    """``completed``; ``rejected`` is reserved (a refused transfer rolls back and leaves no row)."""
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class LedgerEntry(SQLModel, table=True):
    """One line of an account's statement; the amounts of an account sum to its balance."""

    __tablename__ = "ledger_entry"
    __table_args__ = (
        Index("ix_ledger_entry_account_booked", "account_id", "booked_at"),
        Index("uq_ledger_entry_public_id", "public_id", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(default_factory=new_entry_public_id, max_length=PUBLIC_ID_MAX, nullable=True)
    """The line's ID in statements (the integer ``id`` would count the bank's transactions, pen-test 18.9d).
    Always set (here, and for older rows by migration 0008); the database enforces only its uniqueness."""
    account_id: int = Field(sa_column=Column(Integer, ForeignKey("account.id"), nullable=False))
    booked_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    value_date: date = Field(sa_column=Column(Date, nullable=False))
    merchant: str = Field(max_length=120)
    category: str = Field(max_length=32)
    """One of ``bankchat.bank.ledger.CATEGORIES``."""
    description: str = Field(default="", max_length=255)
    amount_cents: int = Field(sa_column=_cents())
    """Signed: money out is negative."""
    balance_after_cents: int = Field(sa_column=_cents())
    """The account's balance right after this entry."""
    transfer_id: int | None = Field(default=None, foreign_key="transfer.id", index=True, nullable=True)


class Card(SQLModel, table=True):
    """A payment card on an account; ``lost`` is final."""

    __table_args__ = (CheckConstraint("status IN ('active', 'frozen', 'lost')", name="ck_card_status"),)

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id", index=True, nullable=False)
    account_id: int = Field(foreign_key="account.id", index=True, nullable=False)
    brand: str = Field(max_length=32)
    """``Visa Debit`` or ``Mastercard``."""
    last4: str = Field(max_length=4)
    status: str = Field(default="active", max_length=16)
    """``active``, ``frozen`` or ``lost``."""
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
