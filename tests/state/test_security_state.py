"""SecurityState: a passkey ceremony's answer (or the browser's refusal) and the chat's "Approve with passkey"."""

from __future__ import annotations

from typing import Any

import pytest
from reflex.state import State

from bankchat.migrate import upgrade_database
from bankchat.state import security_state
from bankchat.state.chat_state import ChatState
from bankchat.state.security_state import SecurityState
from tests.state.helpers import ALICE, SignIn, redirects_to_login, substate, toast
from tests.support.run_async import run_async


@pytest.fixture
def security(tab: State) -> SecurityState:
    return substate(tab, SecurityState)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The services SecurityState calls, in memory: the names of those called, in order."""
    called: list[str] = []

    def run(call: Any, *args: Any, **kwargs: Any) -> Any:
        called.append(call.__name__)
        return [] if call.__name__ == "list_authenticators" else None

    monkeypatch.setattr(security_state, "_run", run)
    return called


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ({"error": "NotAllowedError"}, "The passkey prompt was closed or timed out, so nothing changed."),
        ({"error": "SomethingElse"}, "The passkey didn't work on this device, so nothing changed."),
        ("not a dict", "The passkey didn't work on this device, so nothing changed."),
    ],
)
@pytest.mark.parametrize("handler", ["passkey_created", "passkey_signed"])
def test_a_refusal_by_the_browser_is_told_and_nothing_is_checked(
    security: SecurityState, sign_in: SignIn, calls: list[str], handler: str, answer: object, said: str
) -> None:
    sign_in(ALICE)

    assert toast(run_async(getattr(security, handler)(answer))) == ("error", said)
    assert calls == []


@pytest.mark.parametrize("handler", ["passkey_created", "passkey_signed"])
def test_an_answer_without_sign_in_goes_to_login(
    security: SecurityState, sign_in: SignIn, calls: list[str], handler: str
) -> None:
    sign_in(None)

    assert redirects_to_login(run_async(getattr(security, handler)({"id": "x"})))
    assert calls == []


def test_a_new_passkey_is_registered_then_said_and_listed(
    security: SecurityState, sign_in: SignIn, calls: list[str]
) -> None:
    sign_in(ALICE)

    assert run_async(security.passkey_created({"id": "credential"})) is None

    assert calls == ["register_passkey", "list_authenticators"]
    assert security.notice == "Your passkey is saved: it now approves your large payments."


@pytest.mark.parametrize("session_id", ["", "sess_not_alices_conversation"])
def test_approve_in_chat_without_a_conversation_of_theirs_says_so(
    security: SecurityState, chat: ChatState, sign_in: SignIn, session_id: str
) -> None:
    upgrade_database()
    sign_in(ALICE)
    chat._session_id = session_id

    kind, text = toast(run_async(security.approve_in_chat())) or ("", "")

    assert kind == "error"
    assert text == "Session not found"
    assert security._approval == ""
