"""The manager's routes: live conversations, hand-off queue, transcripts, take-over, audit, sync health.

Manager role only, declared once on the router (a customer gets 403, no token 401)
and checked again by every service the routes call. Every look at a customer's
transcript and every take-over step is written to the audit log.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response

from bankchat.api.deps import CurrentUser, DbSession, require_manager
from bankchat.api.errors import documented
from bankchat.api.fields import MAX_ID
from bankchat.api.schemas import MessageOut
from bankchat.api.schemas_admin import (
    ActiveSessionOut,
    AuditOut,
    HandoffOut,
    MismatchOut,
    StaffMessageIn,
    SyncHealthOut,
    TranscriptOut,
)
from bankchat.services import audit, console, handoffs, sync_health

router = APIRouter(prefix="/admin", tags=["admin"], dependencies=[Depends(require_manager)])

SessionIdPath = Annotated[str, Path(description="The session ID")]
AUTH = (401, 403)


@router.get("/sessions", summary="Active conversations", responses=documented(*AUTH, 422))
def active_sessions(
    db: DbSession, user: CurrentUser, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[ActiveSessionOut]:
    """Active conversations with messages, most recently active first, with their agent mix."""
    return [ActiveSessionOut.model_validate(s) for s in console.active_sessions(db, manager=user, limit=limit)]


@router.get("/handoffs", summary="The hand-off queue", responses=documented(*AUTH))
def handoff_queue(db: DbSession, user: CurrentUser) -> list[HandoffOut]:
    """Queued and claimed conversations, oldest first."""
    return [HandoffOut.model_validate(h) for h in handoffs.queue(db, manager=user)]


@router.get(
    "/sessions/{session_id}/transcript", summary="Read a conversation (audited)", responses=documented(*AUTH, 404)
)
def transcript(db: DbSession, user: CurrentUser, session_id: SessionIdPath) -> TranscriptOut:
    """The latest 200 messages. This look is written to the audit log."""
    return TranscriptOut.model_validate(console.transcript(db, manager=user, session_id=session_id))


@router.post(
    "/sessions/{session_id}/claim", summary="Take over a queued conversation", responses=documented(*AUTH, 404, 409)
)
def claim(db: DbSession, user: CurrentUser, session_id: SessionIdPath) -> MessageOut:
    """The bot goes quiet; the customer is told a person has joined (that message is returned)."""
    return MessageOut.model_validate(handoffs.claim(db, manager=user, session_id=session_id))


@router.post(
    "/sessions/{session_id}/messages",
    summary="Write to the customer as BankChat staff",
    responses=documented(400, *AUTH, 404, 409, 422),
)
def staff_message(db: DbSession, user: CurrentUser, session_id: SessionIdPath, body: StaffMessageIn) -> MessageOut:
    """Only in a conversation this manager has claimed."""
    return MessageOut.model_validate(handoffs.reply(db, manager=user, session_id=session_id, content=body.content))


@router.post(
    "/sessions/{session_id}/hand-back",
    summary="Hand the conversation back to the bot",
    responses=documented(*AUTH, 404, 409),
)
def hand_back(db: DbSession, user: CurrentUser, session_id: SessionIdPath) -> MessageOut:
    """Closes the hand-off; the bot answers the customer's next message again."""
    return MessageOut.model_validate(handoffs.hand_back(db, manager=user, session_id=session_id))


@router.get("/audit", summary="The audit log", responses=documented(*AUTH, 422))
def audit_log(
    db: DbSession,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    before: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> list[AuditOut]:
    """Newest first; pass the last entry's `id` as `before` for the next page."""
    return [AuditOut.model_validate(e) for e in audit.recent(db, manager=user, limit=limit, before=before)]


@router.get(
    "/audit.csv",
    summary="Export the audit log as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, **documented(*AUTH)},
)
def audit_csv(db: DbSession, user: CurrentUser) -> Response:
    """The latest 10,000 entries; the export itself is audited."""
    return Response(
        audit.export_csv(db, manager=user),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="bankchat-audit.csv"'},
    )


@router.get("/health/sessions", summary="Session sync health", responses=documented(*AUTH))
def session_sync_health(db: DbSession, user: CurrentUser) -> SyncHealthOut:
    """Every chat session has SessionManager's session with the same ID and owner, and the reverse."""
    report = sync_health.check(db, manager=user)
    return SyncHealthOut(
        status="ok" if report.ok else "mismatch",
        checked_at=report.checked_at,
        sessions=report.sessions,
        chat_sessions=report.chat_sessions,
        mismatch_count=report.mismatch_count,
        mismatches=[MismatchOut.model_validate(m) for m in report.mismatches],
    )
