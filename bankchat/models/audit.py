"""The audit log: what staff did or looked at in the manager console."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String
from sqlmodel import Field, SQLModel

from bankchat.models.types import UTCDateTime, utcnow


class AuditEntry(SQLModel, table=True):
    """One thing a member of staff did or looked at (every transcript view is one)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_created_at", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    actor_id: int = Field(foreign_key="user.id", index=True, nullable=False)
    action: str = Field(max_length=32)
    """``view_transcript``, ``claim``, ``staff_reply``, ``hand_back``, ``export_audit``, ``sync_check``,
    ``download_statement`` (the customer is the actor)."""
    session_id: str | None = Field(
        default=None, sa_column=Column(String(64), ForeignKey("session.id"), nullable=True, index=True)
    )
    subject_user_id: int | None = Field(default=None, foreign_key="user.id", nullable=True)
    """The customer whose conversation it concerns."""
    detail: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
