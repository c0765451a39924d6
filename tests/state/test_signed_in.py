"""One door for every handler that acts for the user: signed in, or go to /login (``signed_in``)."""

from __future__ import annotations

from typing import Any

import pytest
from reflex.state import State

from bankchat.services import HistoryPage, UserView
from bankchat.state import calls
from bankchat.state.chat_state import ChatState
from bankchat.state.feedback_state import FeedbackState
from bankchat.state.guard import parameters
from bankchat.state.transcript_state import TranscriptState
from tests.state.helpers import ALICE, SignIn, conversation, message, public_id, redirects_to_login, substate
from tests.support.run_async import run_async

GUARDED: list[tuple[type[State], str, dict[str, Any]]] = [
    (ChatState, "open_chat_page", {}),
    (ChatState, "show_more_sessions", {}),
    (ChatState, "new_session", {}),
    (ChatState, "switch_session", {"ref": 0}),
    (ChatState, "load_older", {}),
    (ChatState, "stop_reply", {}),
    (ChatState, "rename_session", {"ref": 0, "title": "Rent"}),
    (ChatState, "delete_session", {"ref": 0}),
    (FeedbackState, "rate", {"key": "mmsg_0000000000000001", "rating": "up"}),
    (TranscriptState, "download", {}),
]
"""Every handler that acts for the signed-in user, and arguments the browser could send it."""


@pytest.fixture
def no_service_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any service call fails the test: a guarded handler must not reach one without a sign-in."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a service was called without a sign-in")

    for name in ("list_sessions", "start_session", "open_conversation", "history_with_feedback", "rate_reply"):
        monkeypatch.setattr(calls, name, refuse)
    monkeypatch.setattr(calls, "transcript", refuse)


@pytest.mark.parametrize(("cls", "name", "payload"), GUARDED, ids=[g[1] for g in GUARDED])
@pytest.mark.usefixtures("no_service_calls")
def test_guarded_handler_without_sign_in_goes_to_login_and_calls_no_service(
    tab: State, sign_in: SignIn, cls: type[State], name: str, payload: dict[str, Any]
) -> None:
    sign_in(None)
    state = substate(tab, cls)

    answer = run_async(getattr(state, name)(**payload))

    assert redirects_to_login(answer)


@pytest.mark.parametrize(("cls", "name", "payload"), GUARDED, ids=[g[1] for g in GUARDED])
def test_guarded_handler_shows_the_browser_only_its_own_arguments(
    cls: type[State], name: str, payload: dict[str, Any]
) -> None:
    accepted = parameters(cls.event_handlers[name].fn)

    assert accepted.allowed == set(payload)
    assert "user" not in cls.event_handlers[name]._get_type_hints()


def test_guarded_handler_signed_in_runs_with_the_user(
    chat: ChatState, sign_in: SignIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in(ALICE)
    chat._session_id = "sess_a"
    chat._show_sessions([conversation("sess_a"), conversation("sess_b", "Rent", 4)])
    opened: list[tuple[UserView, str]] = []

    def open_conversation(user: UserView, session_id: str) -> tuple[HistoryPage, dict[int, str], str]:
        opened.append((user, session_id))
        return HistoryPage(messages=[message(1)], next_before=None), {}, ""

    monkeypatch.setattr(calls, "open_conversation", open_conversation)

    answer = run_async(chat.switch_session(ref=1))

    assert answer is None
    assert opened == [(ALICE, "sess_b")]
    assert [row.id for row in chat.messages] == [public_id(1)]
    assert (chat.active_ref, chat.current_title) == (1, "Rent")
    assert (chat.username, chat.display_name) == ("alice", "Alice Anderson")


def test_guard_on_another_state_reads_the_tabs_sign_in(
    tab: State, chat: ChatState, sign_in: SignIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in(ALICE)
    chat._session_id = "sess_a"
    asked: list[tuple[UserView, str]] = []

    def transcript(user: UserView, session_id: str) -> None:
        asked.append((user, session_id))
        raise AssertionError("stop here")

    monkeypatch.setattr(calls, "transcript", transcript)
    downloads = substate(tab, TranscriptState)

    with pytest.raises(AssertionError, match="stop here"):
        run_async(downloads.download())

    assert asked == [(ALICE, "sess_a")]


def test_sign_in_ended_since_the_page_loaded_signs_the_tab_out(chat: ChatState, sign_in: SignIn) -> None:
    sign_in(ALICE)
    chat.username, chat._user_id, chat.draft = "alice", ALICE.id, "half a message"
    sign_in(None)

    answer = run_async(chat.load_older())

    assert redirects_to_login(answer)
    assert (chat._user_id, chat.username, chat.draft) == (0, "", "")
