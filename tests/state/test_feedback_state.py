"""Thumbs on a reply: stored for the conversation on screen, taken back by the same thumb, re-sending one list."""

from __future__ import annotations

import pytest
from reflex.state import State

from bankchat.errors import SessionNotFound
from bankchat.services import HistoryPage, UserView
from bankchat.state import calls
from bankchat.state.chat_state import ChatState
from bankchat.state.feedback_state import FeedbackState
from tests.state.helpers import ALICE, SignIn, message, public_id, substate
from tests.support.run_async import run_async

REPLY_IN_WINDOW, REPLY_IN_FRESH = f"m{public_id(2)}", f"m{public_id(4)}"


@pytest.fixture
def ratings(chat: ChatState, sign_in: SignIn, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str | None]]:
    """ALICE's conversation on screen (rows 1-2 loaded, 3-4 since) and the ratings the service was asked to store."""
    sign_in(ALICE)
    chat._session_id = "sess_a"
    chat._show_page(HistoryPage(messages=[message(1, "user"), message(2)], next_before=None), {})
    chat._show_new([message(3, "user"), message(4)])
    chat.dirty_vars.clear()
    asked: list[tuple[str, str | None]] = []

    def rate_reply(user: UserView, session_id: str, message_id: str, rating: str | None) -> str | None:
        assert (user, session_id) == (ALICE, "sess_a")
        asked.append((message_id, rating))
        return rating

    monkeypatch.setattr(calls, "rate_reply", rate_reply)
    return asked


def _feedback(tab: State) -> FeedbackState:
    return substate(tab, FeedbackState)


def _shown(chat: ChatState) -> dict[str, str]:
    return {row.key: row.feedback for row in [*chat.messages, *chat.fresh] if row.role == "assistant"}


def test_rating_a_new_reply_stores_it_and_re_sends_only_the_new_rows(
    tab: State, chat: ChatState, ratings: list[tuple[str, str | None]]
) -> None:
    run_async(_feedback(tab).rate(key=REPLY_IN_FRESH, rating="up"))

    assert ratings == [(public_id(4), "up")]
    assert _shown(chat) == {REPLY_IN_WINDOW: "", REPLY_IN_FRESH: "up"}
    assert "fresh" in chat.dirty_vars
    assert "messages" not in chat.dirty_vars


def test_the_same_thumb_again_takes_the_rating_back(
    tab: State, chat: ChatState, ratings: list[tuple[str, str | None]]
) -> None:
    feedback = _feedback(tab)

    run_async(feedback.rate(key=REPLY_IN_WINDOW, rating="down"))
    run_async(feedback.rate(key=REPLY_IN_WINDOW, rating="down"))

    assert ratings == [(public_id(2), "down"), (public_id(2), None)]
    assert _shown(chat)[REPLY_IN_WINDOW] == ""


@pytest.mark.parametrize(
    ("key", "rating"),
    [(f"m{public_id(1)}", "up"), ("mmsg_not_on_screen", "up"), (REPLY_IN_WINDOW, "sideways"), ("web_a", "up")],
    ids=["own message", "not on screen", "unknown rating", "not a stored row"],
)
def test_rating_anything_but_a_reply_on_screen_stores_nothing(
    tab: State, chat: ChatState, ratings: list[tuple[str, str | None]], key: str, rating: str
) -> None:
    assert run_async(_feedback(tab).rate(key=key, rating=rating)) is None

    assert ratings == []
    assert not chat.dirty_vars


def test_rating_that_could_not_be_saved_says_so_and_shows_nothing(
    tab: State, chat: ChatState, sign_in: SignIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in(ALICE)
    chat._session_id = "sess_a"
    chat._show_new([message(4)])
    counted: list[str] = []

    def rate_reply(user: UserView, session_id: str, message_id: str, rating: str | None) -> str | None:
        raise SessionNotFound

    monkeypatch.setattr(calls, "rate_reply", rate_reply)
    monkeypatch.setattr("bankchat.services.metrics.count_error", counted.append)

    answer = run_async(_feedback(tab).rate(key=REPLY_IN_FRESH, rating="up"))

    assert answer is not None
    assert counted == [SessionNotFound.code]
    assert _shown(chat) == {REPLY_IN_FRESH: ""}
