"""Factories for the state tests: a user, stored messages, and what a redirect to the sign-in looks like."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TypeVar

from reflex.event import EventSpec
from reflex.state import BaseState

from bankchat.services import MessageView, SessionView, UserView
from bankchat.state.signed_in import LOGIN_PAGE

ALICE = UserView(id=7, username="alice", display_name="Alice Anderson", role="customer")

S = TypeVar("S", bound=BaseState)

SignIn = Callable[[UserView | None], None]
"""The ``sign_in`` fixture: ``sign_in(user)`` signs the tab in as ``user``, ``sign_in(None)`` signs it out."""


def message(row_id: int, role: str = "assistant", client_message_id: str | None = None) -> MessageView:
    """A stored message as the services return it: row ``row_id``, public ID ``msg_<row_id>``."""
    return MessageView(
        id=row_id,
        public_id=public_id(row_id),
        session_id="sess_abc_def",
        role=role,
        content=f"{role} {row_id}",
        created_at=datetime(2026, 12, 6, 9, 30, tzinfo=UTC),
        client_message_id=client_message_id,
        agent="smalltalk" if role == "assistant" else None,
        intent=None,
        confidence=None,
        trace={},
    )


def conversation(session_id: str, title: str = "New conversation", message_count: int = 0) -> SessionView:
    """One of ALICE's conversations as the services list it."""
    at = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)
    return SessionView(
        session_id=session_id,
        user_id=ALICE.id,
        status="active",
        title=title,
        message_count=message_count,
        created_at=at,
        last_activity_at=at,
        metadata={},
        user_data={},
    )


def public_id(row_id: int) -> str:
    """The public ID ``message`` gives row ``row_id``."""
    return f"msg_{row_id:016d}"


def redirects_to_login(spec: object) -> bool:
    """Whether a handler's answer sends the browser to the sign-in page."""
    if not isinstance(spec, EventSpec) or spec.handler.fn is None or spec.handler.fn.__qualname__ != "_redirect":
        return False
    arguments = {name._js_expr: getattr(value, "_var_value", None) for name, value in spec.args}
    return arguments.get("path") == LOGIN_PAGE


def toast(spec: object) -> tuple[str, str] | None:
    """The kind (``error``, ``success``, ``info``) and text of a handler's toast, or None when it is not one."""
    if not isinstance(spec, EventSpec):
        return None
    script = " ".join(str(value) for _, value in spec.args)
    found = re.search(r"refs\['__toast'\]\?\.\[\"(\w+)\"\]\((\".*?(?<!\\)\")\)", script)
    return (found.group(1), json.loads(found.group(2))) if found else None


def substate(tab: BaseState, cls: type[S]) -> S:
    """The tab's instance of state ``cls`` (its parents and siblings in place)."""
    state = tab.get_substate(cls.get_full_name().split(".")[1:])
    assert isinstance(state, cls)
    return state
