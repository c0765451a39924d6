"""Blocking service calls the chat state runs in a worker thread (``asyncio.to_thread``)."""

from __future__ import annotations

from collections.abc import Callable

from bankchat.db import session_scope
from bankchat.services import Exchange, HistoryPage, SessionView, UserView, chat_service


def list_sessions(user: UserView) -> list[SessionView]:
    with session_scope() as db:
        return chat_service().list_conversations(db=db, user_id=user.id)


def start_session(user: UserView) -> SessionView:
    with session_scope() as db:
        return chat_service().start_conversation(db=db, user=user, metadata={"channel": "web"})


def history(user: UserView, session_id: str, before: int | None) -> HistoryPage:
    with session_scope() as db:
        return chat_service().history(db=db, session_id=session_id, user_id=user.id, before=before)


def rename_session(user: UserView, session_id: str, title: str) -> None:
    with session_scope() as db:
        chat_service().rename(db=db, session_id=session_id, user_id=user.id, title=title)


def close_session(user: UserView, session_id: str) -> None:
    with session_scope() as db:
        chat_service().close(db=db, session_id=session_id, user_id=user.id)


def send_message(
    user: UserView, session_id: str, text: str, client_id: str, on_token: Callable[[str], None] | None = None
) -> Exchange:
    return chat_service().send_message(
        session_id=session_id, user=user, content=text, client_message_id=client_id, on_token=on_token
    )
