"""Messages of a conversation, with the trace of the agent that replied."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from bankchat.models.types import PUBLIC_ID_MAX, UTCDateTime, new_message_public_id, utcnow


class Message(SQLModel, table=True):
    """One message: the customer's (``user``), the bot's (``assistant``) or a person's at the bank (``staff``)."""

    __table_args__ = (
        UniqueConstraint("session_id", "client_message_id", name="uq_message_client_id"),
        # The per-user rate limit reads each conversation's messages of the last minute.
        Index("ix_message_session_id_created_at", "session_id", "created_at"),
        Index("uq_message_public_id", "public_id", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    """Internal only: the row order (history cursors resolve to it); never shown to customers."""
    public_id: str = Field(default_factory=new_message_public_id, max_length=PUBLIC_ID_MAX, nullable=True)
    """The message's ID in the REST API, the feedback API and the browser's row keys (pen-test 18.9d).
    Always set (here, and for older rows by migration 0008); the database enforces only its uniqueness."""
    session_id: str = Field(
        sa_column=Column(String(64), ForeignKey("chat_session.session_id"), nullable=False, index=True)
    )
    role: str = Field(max_length=16)
    content: str
    client_message_id: str | None = Field(default=None, max_length=64)
    """The sender's idempotency key: the same ID twice stores one message."""
    reply_to_id: int | None = Field(default=None, foreign_key="message.id", index=True, unique=True)
    """For a reply, the message it answers."""
    agent: str | None = Field(default=None, max_length=32)
    intent: str | None = Field(default=None, max_length=64)
    confidence: float | None = None
    latency_ms: int | None = None
    """For a bot reply, how long the agents took to answer, in milliseconds."""
    author_id: int | None = Field(default=None, foreign_key="user.id")
    """For a staff message, the employee who wrote it."""
    trace: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
