"""A tab's states in memory (no server, no browser) and a sign-in the test decides."""

from __future__ import annotations

import pytest
from reflex.state import State

from bankchat.services import UserView
from bankchat.state import auth_state
from bankchat.state.auth_state import AuthState
from bankchat.state.chat_state import ChatState
from tests.state.helpers import SignIn, substate

TOKEN = "token-of-alice"


@pytest.fixture
def tab() -> State:
    """The root state of one browser tab, with every substate (as Reflex's in-memory manager builds it)."""
    return State(_reflex_internal_init=True)


@pytest.fixture
def chat(tab: State) -> ChatState:
    """The tab's ChatState, its parents and siblings in place."""
    return substate(tab, ChatState)


@pytest.fixture
def sign_in(monkeypatch: pytest.MonkeyPatch) -> SignIn:
    """``sign_in(user)``: the tab's cookie holds a sign-in for ``user``; ``sign_in(None)``: no valid one."""

    def as_user(user: UserView | None) -> None:
        monkeypatch.setattr(AuthState, "_cookie_token", lambda self: TOKEN)
        monkeypatch.setattr(auth_state, "_user_for", lambda token: user if token == TOKEN else None)

    return as_user
