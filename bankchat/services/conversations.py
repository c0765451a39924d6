"""Conversations under SessionManager's one ID: create, list, read, rename, close, page the history."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat import logs
from bankchat.errors import Conflict, InvalidCursor, InvalidInput, MissingSessionId, SessionNotFound
from bankchat.models import ChatSession, Message, Session
from bankchat.services.message_text import storable
from bankchat.services.rate_limits import check_session_rate
from bankchat.services.session_manager import SessionManager
from bankchat.services.views import MessageView, SessionView, UserView
from bankchat.settings import get_settings

log = logging.getLogger(__name__)

MAX_TITLE_CHARS = 120


@dataclass(frozen=True)
class HistoryPage:
    """Messages oldest first, and the cursor for the page before them (or None)."""

    messages: list[MessageView]
    next_before: str | None
    """The public ID of the page's oldest message: pass it as ``before``."""


class Conversations:
    """A user's conversations: a ``ChatSession`` only ever under the ID SessionManager issued."""

    def __init__(self, *, sessions: SessionManager | None = None) -> None:
        self.sessions = sessions or SessionManager()

    def create_chat_session(
        self, *, db: Db, user_id: int, session_id: str | None, user_data: dict[str, Any] | None = None
    ) -> ChatSession:
        """Create the chat session for a session SessionManager already issued.

        A missing ID is refused (``MissingSessionId``), never stored; an unknown or
        foreign ID is ``SessionNotFound``.
        """
        if session_id is None or session_id == "":
            raise MissingSessionId("A chat session needs the session ID issued by SessionManager")
        self.sessions.get_owned(db=db, session_id=session_id, user_id=user_id)
        if db.exec(select(ChatSession.id).where(ChatSession.session_id == session_id)).first() is not None:
            raise Conflict("This session already has a chat session")
        chat = ChatSession(session_id=session_id, user_id=user_id, user_data=dict(user_data or {}))
        db.add(chat)
        db.flush()
        logs.event(log, "Chat session created", session_id=session_id, user_id=user_id)
        return chat

    def start_conversation(
        self, *, db: Db, user: UserView, metadata: dict[str, Any] | None = None, user_data: dict[str, Any] | None = None
    ) -> SessionView:
        """Both rows of a new conversation, in the caller's one transaction; ``RateLimited`` past the limit."""
        check_session_rate(db=db, user_id=user.id)
        session = self.sessions.create_session(db=db, user_id=user.id, metadata=metadata)
        chat = self.create_chat_session(db=db, user_id=user.id, session_id=session.id, user_data=user_data)
        return SessionView.of(session, chat)

    def _owned(self, db: Db, session_id: object, user_id: int) -> tuple[Session, ChatSession]:
        session = self.sessions.get_owned(db=db, session_id=session_id, user_id=user_id)
        chat = db.exec(select(ChatSession).where(ChatSession.session_id == session.id)).first()
        if chat is None:
            raise SessionNotFound
        return session, chat

    def get_conversation(self, *, db: Db, session_id: object, user_id: int) -> SessionView:
        """One of the caller's conversations."""
        return SessionView.of(*self._owned(db, session_id, user_id))

    def list_conversations(self, *, db: Db, user_id: int, limit: int = 100) -> list[SessionView]:
        """The caller's open conversations, the one with the newest message first.

        Ordered by the chat's ``updated_at`` (written with every message), not the session's
        ``last_activity_at``, which is written at most once a minute (``TOUCH_EVERY``).
        """
        rows = db.exec(
            select(Session, ChatSession)
            .join(ChatSession, col(ChatSession.session_id) == col(Session.id))
            .where(Session.user_id == user_id, Session.status != "closed")
            .order_by(col(ChatSession.updated_at).desc(), col(Session.created_at).desc())
            .limit(limit)
        ).all()
        return [SessionView.of(s, c) for s, c in rows]

    def rename(self, *, db: Db, session_id: object, user_id: int, title: object) -> SessionView:
        """Give a conversation a new title (a longer one is cut to 120 characters)."""
        if not isinstance(title, str) or not title.strip():
            raise InvalidInput("The title is empty")
        session, chat = self._owned(db, session_id, user_id)
        chat.title = storable(title).strip()[:MAX_TITLE_CHARS]
        chat.title_chosen = True
        db.add(chat)
        return SessionView.of(session, chat)

    def close(self, *, db: Db, session_id: object, user_id: int) -> None:
        """Close one of the caller's conversations (it leaves the list; history is kept)."""
        session, _ = self._owned(db, session_id, user_id)
        self.sessions.close(db=db, session=session)

    def history(
        self, *, db: Db, session_id: object, user_id: int, before: str | None = None, limit: int | None = None
    ) -> HistoryPage:
        """A page of messages oldest first; ``before`` is a ``next_before`` cursor of this conversation.

        The cursor is the public ID of the oldest message already shown; any other value (another
        conversation's, edited, made up) is ``InvalidCursor``.
        """
        self._owned(db, session_id, user_id)
        size = get_settings().history_page_size if limit is None else limit
        if not 1 <= size <= 500:
            raise InvalidInput("limit must be between 1 and 500")
        query = select(Message).where(Message.session_id == session_id)
        if before is not None:
            query = query.where(col(Message.id) < _message_row_id(db, str(session_id), before))
        rows = list(db.exec(query.order_by(col(Message.id).desc()).limit(size + 1)).all())
        more = len(rows) > size
        rows = rows[:size]
        rows.reverse()
        return HistoryPage(
            messages=[MessageView.of(m) for m in rows], next_before=rows[0].public_id if more and rows else None
        )


def _message_row_id(db: Db, session_id: str, public_id: object) -> int:
    """The row behind a history cursor, found only within its own conversation."""
    row_id = (
        db.exec(select(Message.id).where(Message.session_id == session_id, Message.public_id == public_id)).first()
        if isinstance(public_id, str)
        else None
    )
    if row_id is None:
        raise InvalidCursor
    return row_id
