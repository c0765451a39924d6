"""Public views of rows: what may leave the service layer (no hashes, no secrets)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bankchat.models import ChatSession, Message, Session, User, view_of


@dataclass(frozen=True)
class UserView:
    """A user as others may see them."""

    id: int
    username: str
    display_name: str
    role: str

    @classmethod
    def of(cls, user: User) -> UserView:
        assert user.id is not None
        return view_of(cls, user)


@dataclass(frozen=True)
class SessionView:
    """A conversation: SessionManager's lifecycle and ChatService's title, under one ID."""

    session_id: str
    user_id: int
    status: str
    title: str
    message_count: int
    created_at: datetime
    last_activity_at: datetime
    metadata: dict[str, Any]
    user_data: dict[str, Any]

    @classmethod
    def of(cls, session: Session, chat: ChatSession) -> SessionView:
        return view_of(
            cls,
            session,
            session_id=session.id,
            title=chat.title,
            message_count=chat.message_count,
            metadata=dict(session.attributes),
            user_data=dict(chat.user_data),
        )


@dataclass(frozen=True)
class MessageView:
    """One stored message."""

    id: int
    """The row's ID: internal only (it counts the bank's messages)."""
    public_id: str
    """What customers see as the message's ID: random, unordered."""
    session_id: str
    role: str
    content: str
    created_at: datetime
    client_message_id: str | None
    agent: str | None
    intent: str | None
    confidence: float | None
    trace: dict[str, Any]

    @classmethod
    def of(cls, m: Message) -> MessageView:
        assert m.id is not None
        return view_of(cls, m, trace=dict(m.trace))
