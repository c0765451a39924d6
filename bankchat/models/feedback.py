"""Reply feedback: a customer's thumbs up or down on a bot reply."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from bankchat.models.types import UTCDateTime, utcnow


class MessageFeedback(SQLModel, table=True):
    """The customer's thumbs up or down on one bot reply (the latest one counts)."""

    __tablename__ = "message_feedback"

    message_id: int = Field(sa_column=Column(Integer, ForeignKey("message.id"), primary_key=True, nullable=False))
    user_id: int = Field(foreign_key="user.id", index=True, nullable=False)
    rating: str = Field(max_length=8)
    """``up`` or ``down``."""
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
