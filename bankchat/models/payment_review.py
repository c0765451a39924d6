"""Four eyes: a payment over the staff-approval threshold waits here for a member of staff (never its customer)."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from bankchat.models.bank import REFERENCE_ALPHABET
from bankchat.models.types import UTCDateTime, utcnow


def new_review_reference() -> str:
    """A held payment's reference, ``PR-XXXX-XXXX``: random, says nothing about volume."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"PR-{chars[:4]}-{chars[4:]}"


class PaymentReview(SQLModel, table=True):
    """A payment the customer confirmed (and approved) that leaves only once a member of staff approves it.

    Holds exactly what will be sent: source, payee, amount, reference and the idempotency key, so the
    approval sends it once (the key) and sends what the customer confirmed (nothing is re-read).
    """

    __tablename__ = "payment_review"
    __table_args__ = (
        Index("uq_payment_review_reference", "reference", unique=True),
        UniqueConstraint("owner_id", "idempotency_key", name="uq_payment_review_key"),
        Index("ix_payment_review_status_created", "status", "created_at"),
        CheckConstraint("amount_cents > 0", name="ck_payment_review_amount_positive"),
        CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="ck_payment_review_status"),
        CheckConstraint("status != 'rejected' OR note != ''", name="ck_payment_review_rejection_note"),
        CheckConstraint("decided_by IS NULL OR decided_by != owner_id", name="ck_payment_review_four_eyes"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(default_factory=new_review_reference, max_length=16)
    owner_id: int = Field(foreign_key="user.id", index=True, nullable=False)
    session_id: str | None = Field(default=None, sa_column=Column(String(64), nullable=True))
    """The conversation it was asked in, told of the decision (None over REST)."""
    source_account_id: int = Field(foreign_key="account.id", nullable=False)
    payee_id: int = Field(foreign_key="payee.id", nullable=False)
    amount_cents: int = Field(sa_column=Column(BigInteger, nullable=False))
    currency: str = Field(default="GBP", max_length=3)
    memo: str = Field(default="", max_length=140)
    idempotency_key: str = Field(max_length=64)
    status: str = Field(default="pending", max_length=16)
    note: str = Field(default="", max_length=500)
    """Why it was rejected (required then), or a note with an approval."""
    decided_by: int | None = Field(default=None, foreign_key="user.id", nullable=True)
    """The member of staff who decided: never the customer (the database refuses it too)."""
    transfer_id: int | None = Field(default=None, foreign_key="transfer.id", nullable=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    decided_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
