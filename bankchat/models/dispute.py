"""A customer's dispute of a payment on their statement, and the staff decision on it."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from bankchat.models.bank import REFERENCE_ALPHABET
from bankchat.models.types import UTCDateTime, utcnow

DISPUTE_REASONS: tuple[str, ...] = (
    "not_recognised",
    "wrong_amount",
    "not_received",
    "charged_twice",
    "cancelled_subscription",
    "other",
)
"""Why a payment is disputed: the fixed set the case, the chat and the API accept."""
DISPUTE_STATUSES: tuple[str, ...] = ("open", "refunded", "rejected")


def new_dispute_reference() -> str:
    """A customer-facing case reference, ``DS-XXXX-XXXX``: 40 random bits, says nothing about volume."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"DS-{chars[:4]}-{chars[4:]}"


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


class Dispute(SQLModel, table=True):
    """One case per disputed ledger line: open until staff refund it (a credit posting) or reject it with a note."""

    __table_args__ = (
        Index("uq_dispute_reference", "reference", unique=True),
        Index("uq_dispute_entry", "entry_id", unique=True),
        Index("ix_dispute_status_created", "status", "created_at"),
        CheckConstraint("amount_cents > 0", name="ck_dispute_amount_positive"),
        CheckConstraint(f"reason IN ({_quoted(DISPUTE_REASONS)})", name="ck_dispute_reason"),
        CheckConstraint(f"status IN ({_quoted(DISPUTE_STATUSES)})", name="ck_dispute_status"),
        CheckConstraint("status != 'rejected' OR staff_note != ''", name="ck_dispute_rejection_note"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(default_factory=new_dispute_reference, max_length=16)
    """What the customer is told and quotes (``DS-XXXX-XXXX``)."""
    owner_id: int = Field(foreign_key="user.id", index=True, nullable=False)
    entry_id: int = Field(sa_column=Column(Integer, ForeignKey("ledger_entry.id"), nullable=False))
    """The disputed statement line (a debit of one of the owner's accounts); one case per line."""
    amount_cents: int = Field(sa_column=Column(BigInteger, nullable=False))
    """The disputed amount, positive: what a refund credits back."""
    reason: str = Field(max_length=32)
    """One of ``DISPUTE_REASONS``."""
    customer_words: str = Field(default="", max_length=500)
    """What the customer said about it, as they said it."""
    status: str = Field(default="open", max_length=16)
    """``open``, ``refunded`` or ``rejected``."""
    staff_note: str = Field(default="", max_length=500)
    """Why staff decided as they did (required to reject)."""
    decided_by: int | None = Field(default=None, foreign_key="user.id", nullable=True)
    refund_entry_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("ledger_entry.id"), nullable=True)
    )
    """The credit line a refund posted."""
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    decided_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    appeal_note: str = Field(default="", max_length=500)
    """The new information the customer gave when they asked for a rejected case to be looked at again."""
    reopened_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    """When the customer had a rejected case reopened (once only: a second time is the complaints route)."""
