"""Blocking service calls the chat state runs in a worker thread (``asyncio.to_thread``)."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session as Db

from bankchat.db import session_scope
from bankchat.services import (
    Exchange,
    HistoryPage,
    SessionView,
    UserView,
    chat_service,
    feedback,
    live,
    stopped_replies,
    transcripts,
)
from bankchat.settings import get_settings


def list_sessions(user: UserView, limit: int = 100) -> list[SessionView]:
    with session_scope() as db:
        return chat_service().list_conversations(db=db, user_id=user.id, limit=limit)


def start_session(user: UserView) -> SessionView:
    with session_scope() as db:
        return chat_service().start_conversation(db=db, user=user, metadata={"channel": "web"})


def rename_session(user: UserView, session_id: str, title: str) -> None:
    with session_scope() as db:
        chat_service().rename(db=db, session_id=session_id, user_id=user.id, title=title)


def close_session(user: UserView, session_id: str) -> None:
    with session_scope() as db:
        chat_service().close(db=db, session_id=session_id, user_id=user.id)


def send_message_as(
    token: str, session_id: str, text: str, client_id: str, on_token: Callable[[str], None] | None = None
) -> tuple[UserView, Exchange]:
    """Check the sign-in token (``InvalidToken``) and send, in one transaction and one worker-thread hop."""
    return chat_service().send_message_as(
        token=token, session_id=session_id, content=text, client_message_id=client_id, on_token=on_token
    )


def store_stopped_reply(user: UserView, session_id: str, client_id: str, shown: str) -> Exchange | None:
    """Store what the customer saw of a stopped reply as the reply (None if the message is not stored)."""
    with session_scope() as db:
        return stopped_replies.store_stopped_reply(
            db=db, session_id=session_id, user_id=user.id, client_message_id=client_id, content=shown
        )


def handoff_status(session_id: str) -> str:
    with session_scope() as db:
        return live.handoff_status(db, session_id)


def updates_since(user: UserView, session_id: str, after_id: int) -> live.LiveUpdate:
    with session_scope() as db:
        return live.updates_since(db, session_id=session_id, user_id=user.id, after_id=after_id)


def _page(db: Db, user: UserView, session_id: str, before: str | None) -> tuple[HistoryPage, dict[int, str]]:
    size = get_settings().chat_window_messages
    page = chat_service().history(db=db, session_id=session_id, user_id=user.id, before=before, limit=size)
    return page, feedback.ratings_for(db=db, user_id=user.id, message_ids=[m.id for m in page.messages])


def history_with_feedback(user: UserView, session_id: str, before: str | None) -> tuple[HistoryPage, dict[int, str]]:
    """A page of history and the user's ratings of its bot replies, by message ID."""
    with session_scope() as db:
        return _page(db, user, session_id, before)


def open_conversation(user: UserView, session_id: str) -> tuple[HistoryPage, dict[int, str], str]:
    """The latest page with its ratings, and the hand-off status, in one transaction."""
    with session_scope() as db:
        page, ratings = _page(db, user, session_id, None)
        return page, ratings, live.handoff_status(db, session_id)


def rate_reply(user: UserView, session_id: str, message_id: str, rating: str | None) -> str | None:
    with session_scope() as db:
        return feedback.rate(db=db, user_id=user.id, session_id=session_id, message_id=message_id, rating=rating)


def transcript(user: UserView, session_id: str) -> transcripts.TranscriptFile:
    with session_scope() as db:
        return transcripts.markdown_transcript(db=db, session_id=session_id, user_id=user.id)


def replies_stream() -> bool:
    """Whether replies may stream token by token (an LLM is configured): then they run in the background."""
    return chat_service().orchestrator_streams()
