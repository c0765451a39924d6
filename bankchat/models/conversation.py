"""What the agents keep about a conversation between turns, and the queue for human staff."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, String
from sqlmodel import Field, SQLModel

from bankchat.models.types import UTCDateTime, utcnow


class ConversationState(SQLModel, table=True):
    """The task waiting for the customer's answer (e.g. a transfer awaiting confirmation)."""

    __tablename__ = "conversation_state"

    session_id: str = Field(
        sa_column=Column(String(64), ForeignKey("chat_session.session_id"), primary_key=True, nullable=False)
    )
    pending: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    """A ``PendingStep`` as JSON, or null when nothing is waiting."""
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class Handoff(SQLModel, table=True):
    """A conversation queued for a human, with a summary for the colleague who picks it up."""

    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(
        sa_column=Column(String(64), ForeignKey("chat_session.session_id"), nullable=False, index=True)
    )
    user_id: int = Field(foreign_key="user.id", index=True, nullable=False)
    status: str = Field(default="queued", max_length=16)
    """``queued``, ``claimed`` (a person holds the conversation: the bot is quiet) or ``closed``."""
    claimed_by: int | None = Field(default=None, foreign_key="user.id")
    claimed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    closed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    reason: str = Field(default="", max_length=500)
    summary: str = Field(default="")
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
