"""The customer's side of a conversation's aftermath: rate a bot reply, download the transcript."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from bankchat.api.deps import CurrentUser, DbSession
from bankchat.api.errors import documented, text_answer
from bankchat.api.fields import PUBLIC_ID_PATTERN
from bankchat.api.schemas_monitoring import FeedbackIn, FeedbackOut
from bankchat.services import feedback, transcripts

router = APIRouter(prefix="/sessions", tags=["feedback"])


@router.put(
    "/{session_id}/messages/{message_id}/feedback",
    summary="Rate a bot reply (thumbs up or down)",
    responses=documented(401, 404, 422),
)
def rate_reply(
    session_id: str,
    message_id: Annotated[str, Path(pattern=PUBLIC_ID_PATTERN, description="The reply's `id` from the history")],
    body: FeedbackIn,
    db: DbSession,
    user: CurrentUser,
) -> FeedbackOut:
    """`up` or `down` replaces any earlier rating; `null` takes it back.

    Only the bot's replies in the caller's own conversation can be rated: anything else is 404.
    """
    rating = feedback.rate(db=db, user_id=user.id, session_id=session_id, message_id=message_id, rating=body.rating)
    return FeedbackOut(message_id=message_id, rating=rating)  # type: ignore[arg-type]


@router.get(
    "/{session_id}/transcript",
    summary="Download the conversation as Markdown",
    response_class=Response,
    responses={**text_answer("text/markdown", "The transcript, as an attachment"), **documented(401, 404, 422)},
)
def download_transcript(session_id: str, db: DbSession, user: CurrentUser) -> Response:
    """Every message with its speaker and time (UTC); another user's conversation is 404."""
    transcript = transcripts.markdown_transcript(db=db, session_id=session_id, user_id=user.id)
    return Response(
        transcript.content,
        media_type=transcript.media_type,
        headers={"Content-Disposition": f'attachment; filename="{transcript.filename}"'},
    )
