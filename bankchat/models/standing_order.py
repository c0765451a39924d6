"""Standing orders: a payment that repeats on a schedule, and one run row per order and due date.

The run row's UNIQUE (standing_order_id, due_date) is the exactly-once key: however many
workers run the schedule, and however often they restart, a due date is paid (or skipped,
with the reason) once.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, Date, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from bankchat.models.types import UTCDateTime, utcnow


class StandingOrder(SQLModel, table=True):
    """A payment the bank makes for the customer on a schedule, to a saved payee or one of their own accounts."""

    __tablename__ = "standing_order"
    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="ck_standing_order_amount_positive"),
        CheckConstraint("(target_account_id IS NULL) <> (payee_id IS NULL)", name="ck_standing_order_account_or_payee"),
        CheckConstraint("frequency IN ('monthly', 'weekly')", name="ck_standing_order_frequency"),
        CheckConstraint(
            "(frequency = 'monthly' AND day BETWEEN 1 AND 31) OR (frequency = 'weekly' AND day BETWEEN 0 AND 6)",
            name="ck_standing_order_day",
        ),
        CheckConstraint("status IN ('active', 'cancelled')", name="ck_standing_order_status"),
        Index("ix_standing_order_due", "status", "next_due"),
    )

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id", index=True, nullable=False)
    source_account_id: int = Field(foreign_key="account.id", nullable=False)
    target_account_id: int | None = Field(default=None, foreign_key="account.id", nullable=True)
    payee_id: int | None = Field(default=None, foreign_key="payee.id", nullable=True)
    amount_cents: int = Field(sa_column=Column(BigInteger, nullable=False))
    currency: str = Field(default="GBP", max_length=3)
    reference: str = Field(default="", max_length=18)
    """What the payee sees on their statement."""
    frequency: str = Field(max_length=16)
    """``monthly`` or ``weekly``."""
    day: int
    """Monthly: the day of the month, 1-31 (a shorter month pays on its last day); weekly: 0 (Monday) to 6."""
    start_date: date = Field(sa_column=Column(Date, nullable=False))
    end_date: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    """The last day a payment may fall on; None: until cancelled."""
    next_due: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    """The next payment's date; None once cancelled or past its end date."""
    status: str = Field(default="active", max_length=16)
    """``active`` or ``cancelled``."""
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class StandingOrderRun(SQLModel, table=True):
    """What happened on one due date of one standing order: paid (with its transfer) or skipped (with why)."""

    __tablename__ = "standing_order_run"
    __table_args__ = (
        UniqueConstraint("standing_order_id", "due_date", name="uq_standing_order_run_due"),
        CheckConstraint("outcome IN ('paid', 'skipped')", name="ck_standing_order_run_outcome"),
        CheckConstraint("(outcome = 'paid') = (transfer_id IS NOT NULL)", name="ck_standing_order_run_transfer"),
    )

    id: int | None = Field(default=None, primary_key=True)
    standing_order_id: int = Field(foreign_key="standing_order.id", index=True, nullable=False)
    due_date: date = Field(sa_column=Column(Date, nullable=False))
    outcome: str = Field(max_length=16)
    """``paid`` or ``skipped``."""
    transfer_id: int | None = Field(default=None, foreign_key="transfer.id", nullable=True)
    """The payment (its ``reference`` is what the customer is told); None when skipped."""
    reason: str = Field(default="", max_length=32)
    """Why it was skipped: ``insufficient_funds``, ``over_daily_limit``, ``unknown_target`` ..."""
    detail: str = Field(default="", max_length=255)
    """The bank's sentence for the customer ("Not enough money: your Everyday Checking has £12.00 available")."""
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
