"""Conversations: create (one ID from SessionManager), list, read, close, history."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Body, Query, status

from bankchat import logs
from bankchat.api.deps import CurrentUser, DbSession, OwnedSession
from bankchat.api.errors import NO_CONTENT, documented
from bankchat.api.fields import PUBLIC_ID_PATTERN
from bankchat.api.schemas import (
    ChatSessionOut,
    ConversationOut,
    HistoryOut,
    MessageOut,
    SessionCreatedOut,
    SessionCreateIn,
    SessionOut,
)
from bankchat.errors import Forbidden
from bankchat.models import utcnow
from bankchat.services import UserView, chat_service, feedback

router = APIRouter(prefix="/sessions", tags=["sessions"])
log = logging.getLogger("bankchat.api.sessions")


def _is_self(user_id: int | str, user: UserView) -> bool:
    return str(user_id).strip() in {str(user.id), user.username}


@router.post(
    "",
    summary="Start a conversation",
    status_code=status.HTTP_201_CREATED,
    responses=documented(401, 403, 422, 429),
)
def create_session(
    db: DbSession, user: CurrentUser, body: Annotated[SessionCreateIn | None, Body()] = None
) -> SessionCreatedOut:
    """SessionManager issues the ID; the chat session is stored under it in the same transaction.

    A user may start `sessions_per_hour` conversations an hour; past that, 429 `rate_limited` with `Retry-After`.
    """
    body = body or SessionCreateIn()
    if body.user_id is not None and not _is_self(body.user_id, user):
        raise Forbidden("You can only start sessions for yourself")
    view = chat_service().start_conversation(db=db, user=user, metadata=body.metadata)
    logs.event(log, "Session created via REST API", session_id=view.session_id, user_id=user.id)
    return SessionCreatedOut(
        session_id=view.session_id,
        chat_session=ChatSessionOut.model_validate(view),
        session=SessionOut.model_validate(view),
        timestamp=utcnow(),
    )


@router.get("", summary="The caller's sessions, newest first", responses=documented(401))
def list_sessions(db: DbSession, user: CurrentUser) -> list[ConversationOut]:
    """Open conversations, most recently active first (closed ones leave the list)."""
    return [ConversationOut.model_validate(v) for v in chat_service().list_conversations(db=db, user_id=user.id)]


@router.get("/{session_id}", summary="One session", responses=documented(401, 404, 422))
def get_session(session: OwnedSession) -> ConversationOut:
    """One of the caller's conversations; anyone else's is 404 ``Session not found``."""
    return ConversationOut.model_validate(session)


@router.delete("/{session_id}", summary="Close a session", responses=documented(401, 404, 422), **NO_CONTENT)
def close_session(session_id: str, db: DbSession, user: CurrentUser) -> None:
    """Close it for good (idempotent); its history is kept."""
    chat_service().close(db=db, session_id=session_id, user_id=user.id)


@router.get("/{session_id}/messages", summary="A page of history, oldest first", responses=documented(401, 404, 422))
def list_messages(
    session_id: str,
    db: DbSession,
    user: CurrentUser,
    before: Annotated[
        str | None, Query(pattern=PUBLIC_ID_PATTERN, description="A `nextBefore` cursor of this conversation")
    ] = None,
    limit: Annotated[int | None, Query(ge=1, le=500, description="Page size (default from settings)")] = None,
) -> HistoryOut:
    """Messages before the cursor; ``nextBefore`` is null on the first page of the conversation.

    Each bot reply carries the caller's ``feedback`` (``up``, ``down`` or null). A cursor this
    conversation's history never gave (edited, or another conversation's) is 422 `invalid_cursor`.
    """
    page = chat_service().history(db=db, session_id=session_id, user_id=user.id, before=before, limit=limit)
    ratings = feedback.ratings_for(db=db, user_id=user.id, message_ids=[m.id for m in page.messages])
    messages = [MessageOut.model_validate(m).model_copy(update={"feedback": ratings.get(m.id)}) for m in page.messages]
    return HistoryOut(messages=messages, next_before=page.next_before)
