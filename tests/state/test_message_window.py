"""The message window: new rows fold into it every dozen, it keeps one page, and older pages join it seamlessly."""

from __future__ import annotations

import pytest

from bankchat.services import HistoryPage, MessageView, UserView
from bankchat.settings import get_settings
from bankchat.state import calls
from bankchat.state.chat_state import ChatState
from bankchat.state.message_window import FRESH_MAX
from bankchat.state.rows import ChatMessage
from tests.state.helpers import ALICE, SignIn, message, public_id
from tests.support.run_async import run_async

HISTORY = [message(i, "user" if i % 2 else "assistant") for i in range(1, 34)]
"""A conversation of 33 stored messages, rows 1 to 33."""


def _page_before(before: str | None, stored: list[MessageView] = HISTORY) -> HistoryPage:
    """What the history service returns: the page of messages before ``before`` (the latest page without it)."""
    end = next((i for i, m in enumerate(stored) if m.public_id == before), len(stored))
    start = max(0, end - get_settings().chat_window_messages)
    return HistoryPage(messages=stored[start:end], next_before=stored[start].public_id if start else None)


def _ids(rows: list[ChatMessage]) -> list[str]:
    return [row.id for row in rows]


@pytest.fixture
def history(monkeypatch: pytest.MonkeyPatch, sign_in: SignIn) -> list[str | None]:
    """ALICE signed in and the history service answering from ``HISTORY``; yields the cursors it was asked for."""
    sign_in(ALICE)
    asked: list[str | None] = []

    def history_with_feedback(
        user: UserView, session_id: str, before: str | None
    ) -> tuple[HistoryPage, dict[int, str]]:
        assert (user, session_id) == (ALICE, "sess_a")
        asked.append(before)
        return _page_before(before), {}

    monkeypatch.setattr(calls, "history_with_feedback", history_with_feedback)
    return asked


def test_show_page_shows_the_latest_page_and_where_older_ones_start(chat: ChatState) -> None:
    chat._show_page(_page_before(None), {})

    assert _ids(chat.messages) == [public_id(i) for i in range(14, 34)]
    assert (chat.fresh, chat.has_older, chat._older_cursor, chat._last_id) == ([], True, public_id(14), 33)


def test_new_rows_stay_in_fresh_until_there_are_more_than_a_dozen(chat: ChatState) -> None:
    chat._show_page(_page_before(None, HISTORY[:4]), {})

    for i in range(5, 5 + FRESH_MAX):
        chat._show_new([message(i)])

    assert len(chat.fresh) == FRESH_MAX
    assert _ids(chat.messages) == [public_id(i) for i in range(1, 5)]


def test_fold_moves_delivered_rows_into_the_window(chat: ChatState) -> None:
    chat._show_page(_page_before(None, HISTORY[:4]), {})

    for i in range(5, 6 + FRESH_MAX):
        chat._show_new([message(i)])

    assert chat.fresh == []
    assert _ids(chat.messages) == [public_id(i) for i in range(1, 6 + FRESH_MAX)]
    assert chat.has_older is False


def test_fold_leaves_messages_still_on_their_way_in_fresh(chat: ChatState) -> None:
    chat._add_pending(ChatMessage(key="web_a", role="user", content="on its way", status="pending"))

    for i in range(1, 1 + FRESH_MAX):  # with the pending row, one more than ``fresh`` holds
        chat._show_new([message(i)])

    assert [(row.key, row.status) for row in chat.fresh] == [("web_a", "pending")]
    assert _ids(chat.messages) == [public_id(i) for i in range(1, 1 + FRESH_MAX)]


def test_fold_keeps_the_window_to_one_page(chat: ChatState) -> None:
    chat._show_page(_page_before(None, HISTORY[:20]), {})
    assert chat.has_older is False

    for m in HISTORY[20:]:
        chat._show_new([m])

    window = get_settings().chat_window_messages
    assert _ids(chat.messages) == [m.public_id for m in HISTORY[-window:]]
    assert (chat.fresh, chat.has_older, chat._older_cursor) == ([], True, HISTORY[-window].public_id)


def test_load_older_prepends_the_page_before_the_window(chat: ChatState, history: list[str | None]) -> None:
    chat._session_id = "sess_a"
    chat._show_page(_page_before(None), {})

    assert run_async(chat.load_older()) is None

    assert history == [public_id(14)]
    assert _ids(chat.messages) == [m.public_id for m in HISTORY]
    assert (chat.has_older, chat._older_cursor) == (False, "")


def test_load_older_at_the_start_of_the_conversation_asks_for_nothing(
    chat: ChatState, history: list[str | None]
) -> None:
    chat._session_id = "sess_a"
    chat._show_page(_page_before(None, HISTORY[:3]), {})

    assert run_async(chat.load_older()) is None

    assert history == []
    assert len(chat.messages) == 3


def test_older_pages_after_a_fold_join_the_window_without_a_gap_or_a_repeat(
    chat: ChatState, history: list[str | None]
) -> None:
    chat._session_id = "sess_a"
    chat._show_page(_page_before(None, HISTORY[:20]), {})
    for m in HISTORY[20:]:
        chat._show_new([m])

    run_async(chat.load_older())

    assert history == [HISTORY[-get_settings().chat_window_messages].public_id]
    assert _ids(chat.messages) == [m.public_id for m in HISTORY]
    assert chat.has_older is False
