"""Sign-in attempts, kept for a short window so every worker throttles brute force alike."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index
from sqlmodel import Field, SQLModel

from bankchat.models.types import UTCDateTime, utcnow


class LoginAttempt(SQLModel, table=True):
    """One sign-in attempt that was let through to the password check.

    A row is written as a failure *before* the password is checked and turned into
    a success afterwards, so parallel guesses count at once. Attempts refused by
    the throttle are not stored (they prove nothing and must not extend a lock).
    """

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_username_created_at", "username", "created_at"),
        Index("ix_login_attempt_address_created_at", "address", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64)
    """The username as typed, trimmed and lower-cased (unknown names too, so nothing tells them apart)."""
    address: str = Field(max_length=64)
    """The client address the attempt came from."""
    succeeded: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
