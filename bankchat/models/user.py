"""People who sign in, and the bearer tokens they hold."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from bankchat.models.types import UTCDateTime, utcnow


class User(SQLModel, table=True):
    """A customer or a bank employee."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    display_name: str = Field(max_length=120)
    role: str = Field(default="customer", max_length=16)
    """``customer`` or ``manager``."""
    password_hash: str = Field(max_length=512)
    is_active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class ApiToken(SQLModel, table=True):
    """An opaque bearer token (API or browser sign-in), stored only as a hash."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, nullable=False)
    token_hash: str = Field(max_length=128, unique=True, index=True)
    kind: str = Field(default="api", max_length=16)
    """``api`` (REST clients) or ``web`` (the browser's HttpOnly cookie)."""
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    last_used_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    """When the token last authenticated a request (kept to the minute); None: never since issued."""
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
