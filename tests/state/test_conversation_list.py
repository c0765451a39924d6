"""The sidebar: re-sent only when a reply changes it; titles as long as the service keeps them."""

from __future__ import annotations

import pytest

from bankchat.services import SessionView, UserView
from bankchat.services.conversations import MAX_TITLE_CHARS
from bankchat.state import calls
from bankchat.state.chat_state import ChatState
from tests.state.helpers import ALICE, SignIn, conversation
from tests.support.run_async import run_async


def test_reply_in_a_conversation_without_messages_refreshes_the_sidebar(chat: ChatState) -> None:
    chat._show_sessions([conversation("sess_a"), conversation("sess_b", "Rent", 3)])

    assert chat._sidebar_stale("sess_a") is True


def test_reply_in_the_latest_conversation_leaves_the_sidebar_alone(chat: ChatState) -> None:
    chat._show_sessions([conversation("sess_a", "Card", 5), conversation("sess_b", "Rent", 3)])

    assert chat._sidebar_stale("sess_a") is False
    assert chat._sidebar_stale("sess_b") is True  # it moves to the top


def test_renamed_conversation_without_messages_still_refreshes_the_sidebar(chat: ChatState) -> None:
    # Its title stays, but "No messages yet" under it does not: the title is no marker.
    chat._show_sessions([conversation("sess_a", "Holiday"), conversation("sess_b", "Rent", 3)])

    assert chat._sidebar_stale("sess_a") is True


def test_rename_dialog_keeps_as_many_characters_as_the_service_stores(chat: ChatState) -> None:
    chat._user_id = ALICE.id

    chat.start_rename(0, "a" * 500)
    opened = chat.rename_title
    chat.set_rename_title("b" * 500)

    assert (len(opened), len(chat.rename_title)) == (MAX_TITLE_CHARS, MAX_TITLE_CHARS)


def test_rename_hands_the_title_to_the_service_uncut(
    chat: ChatState, sign_in: SignIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in(ALICE)
    chat._session_id = "sess_a"
    chat._show_sessions([conversation("sess_a", "Card", 5)])
    renamed: list[str] = []

    def rename_session(user: UserView, session_id: str, title: str) -> None:
        renamed.append(title)

    def list_sessions(user: UserView, limit: int = 100) -> list[SessionView]:
        return [conversation("sess_a", "Holiday plans", 5)]  # as the service stored it

    monkeypatch.setattr(calls, "rename_session", rename_session)
    monkeypatch.setattr(calls, "list_sessions", list_sessions)
    chat.rename_ref, chat.rename_title = 0, "  Holiday plans  "

    assert run_async(chat.submit_rename()) is None

    assert renamed == ["  Holiday plans  "]  # the service strips and cuts, once, by its own rule
    assert (chat.rename_ref, chat.current_title, chat.sessions[0].title) == (-1, "Holiday plans", "Holiday plans")
