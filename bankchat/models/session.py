"""The two views of one conversation: SessionManager's session and ChatService's chat session.

``chat_session.session_id`` is a NOT NULL foreign key to ``session.id``: a chat
session without the session SessionManager issued cannot exist (the original
defect stored one under ``null``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, String, false
from sqlmodel import Field, SQLModel

from bankchat.models.types import UTCDateTime, utcnow

DEFAULT_TITLE = "New conversation"
"""A conversation's title until the customer renames it or its first message names it."""


class Session(SQLModel, table=True):
    """A session as SessionManager issues it: ID, owner, lifecycle."""

    id: str = Field(primary_key=True, max_length=64)
    """``sess_<base36 time>_<random>``, made only by ``SessionManager``."""
    user_id: int = Field(foreign_key="user.id", index=True, nullable=False)
    status: str = Field(default="active", max_length=16)
    """``active``, ``closed`` or ``expired``."""
    attributes: dict[str, Any] = Field(default_factory=dict, sa_column=Column("metadata", JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    last_activity_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False, index=True)
    )
    closed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))

    @property
    def session_id(self) -> str:
        """The ID under the name the other tables give it (``SessionManager.Activity``)."""
        return self.id


class ChatSession(SQLModel, table=True):
    """A conversation as ChatService keeps it, under the session's one ID."""

    __tablename__ = "chat_session"

    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(
        sa_column=Column(String(64), ForeignKey("session.id"), nullable=False, unique=True, index=True)
    )
    user_id: int = Field(foreign_key="user.id", index=True, nullable=False)
    title: str = Field(default=DEFAULT_TITLE, max_length=120)
    title_chosen: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    """The customer renamed the conversation: its first message no longer names it, whatever the title says."""
    user_data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    message_count: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
