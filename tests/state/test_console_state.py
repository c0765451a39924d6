"""ConsoleState's one guard: no sign-in, or a services' ``NotAManager``, sends the caller back to their chat."""

from __future__ import annotations

from typing import Any

import pytest
from reflex.event import EventSpec
from reflex.state import State

from bankchat.errors import NotAManager
from bankchat.state import console_calls
from bankchat.state.console_state import ConsoleState
from tests.state.helpers import ALICE, SignIn, substate
from tests.support.run_async import run_async

HANDLERS: list[tuple[str, dict[str, Any]]] = [
    ("refresh", {}),
    ("open_session", {"ref": 0}),
    ("open_handoff", {"ref": 0}),
    ("claim", {}),
    ("hand_back", {}),
    ("check_sync", {}),
    ("export_audit", {}),
]
"""The console's handlers that act for the signed-in manager, with arguments the browser could send."""

OPEN = "sess_open_one"


def redirects_to_chat(spec: object) -> bool:
    """Whether a handler's answer sends the browser to its own chat."""
    if not isinstance(spec, EventSpec) or spec.handler.fn is None or spec.handler.fn.__qualname__ != "_redirect":
        return False
    arguments = {name._js_expr: getattr(value, "_var_value", None) for name, value in spec.args}
    return arguments.get("path") == "/chat"


@pytest.fixture
def console(tab: State) -> ConsoleState:
    """The tab's ConsoleState with one listed conversation, open on screen."""
    state = substate(tab, ConsoleState)
    assert isinstance(state, ConsoleState)
    state._session_refs = [OPEN]
    state._queue_refs = [OPEN]
    state._open_id = OPEN
    return state


@pytest.fixture
def services_refuse(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every console service refuses (as it does anyone but a manager); the list names those called."""
    called: list[str] = []

    def refusing(name: str) -> Any:
        def call(*args: object) -> None:
            called.append(name)
            raise NotAManager

        return call

    for name in ("overview", "transcript", "claim", "reply", "hand_back", "sync_check", "audit_csv"):
        monkeypatch.setattr(console_calls, name, refusing(name))
    return called


@pytest.mark.parametrize(("name", "payload"), HANDLERS, ids=[h[0] for h in HANDLERS])
def test_console_handler_without_sign_in_goes_to_chat_and_calls_no_service(
    console: ConsoleState, sign_in: SignIn, services_refuse: list[str], name: str, payload: dict[str, Any]
) -> None:
    sign_in(None)

    answer = run_async(getattr(console, name)(**payload))

    assert redirects_to_chat(answer)
    assert services_refuse == []


@pytest.mark.parametrize(("name", "payload"), HANDLERS, ids=[h[0] for h in HANDLERS])
def test_console_handler_refused_by_services_goes_to_chat(
    console: ConsoleState, sign_in: SignIn, services_refuse: list[str], name: str, payload: dict[str, Any]
) -> None:
    sign_in(ALICE)

    answer = run_async(getattr(console, name)(**payload))

    assert redirects_to_chat(answer)
    assert services_refuse


def test_open_session_refused_by_services_leaves_no_conversation_open(
    console: ConsoleState, sign_in: SignIn, services_refuse: list[str]
) -> None:
    sign_in(ALICE)

    run_async(console.open_session(0))

    assert console._open_id == ""
