"""The SQL a chat turn may issue, counted (not timed): a new query on the hot path must say so here.

The turn runs through the real ChatService with the fake orchestrator (the agents' own
reads are theirs to budget), signed in by token as the websocket does. Statements are
counted at the cursor (``before_cursor_execute``), so ORM flushes and lazy loads count too.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest
from sqlalchemy import event, select, update
from sqlmodel import col

from bankchat.agents.types import PendingStep
from bankchat.db import get_engine, session_scope
from bankchat.models import Session, User, utcnow
from bankchat.models.types import TOUCH_EVERY
from bankchat.services import ChatService, SessionView, UserView, auth
from tests.factories import FakeOrchestrator

TURN_BUDGET = 6
"""A new message and its reply, signed in by token (the websocket path), statement by statement:

transaction 1, the customer's message (committed before the agents run):
  1. SELECT api_token JOIN user, with the session JOIN chat_session, the message already stored
     under this client ID, the waiting step, whether staff hold the conversation and the rate
     limit's probe: the sign-in and the conversation in one read (its ``last_used_at`` is written
     at most once a minute). A bad token is still refused before a missing conversation.
  2. INSERT message ... RETURNING id
  3. UPDATE chat_session (count, title, updated_at)
  4. SELECT the recent history the agents read
  (the session's ``last_activity_at`` is written at most once a minute, like the token's: see
  ``test_a_conversation_idle_for_a_minute_pays_one_more_write``)
transaction 2, the reply:
  5. UPDATE chat_session (count): the first write takes the lock
  6. INSERT the reply ... ON CONFLICT (reply_to_id) DO NOTHING RETURNING id: the unique index
     (migration 0009) lets one of two racing replays store a reply, with no read first
"""
ACTIVITY_WRITE = 1
"""A conversation idle for a minute or more writes its session's ``last_activity_at`` (the idle expiry)."""
REST_TURN_BUDGET = TURN_BUDGET
"""The REST path checks the bearer token before the service (``api/deps.py``, not counted here); the
service then reads the conversation alone in statement 1."""
PENDING_WRITE = 1
"""A reply that leaves (or clears) a waiting step upserts ``conversation_state`` in transaction 2."""


@contextmanager
def counted() -> Iterator[list[str]]:
    """Every statement sent to the database meanwhile."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    engine = get_engine()
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def token(user: UserView) -> str:
    """A web sign-in of ``user``, used once so that its once-a-minute touch is behind it."""
    with session_scope() as db:
        row = db.exec(select(User).where(User.id == user.id)).scalar_one()
        issued = auth.issue_token(db=db, user=row, kind="web").token
    with session_scope() as db:
        auth.user_for_token(db=db, token=issued)
    return issued


def _send(service: ChatService, conversation: SessionView, token: str, client_id: str) -> None:
    service.send_message_as(
        token=token, session_id=conversation.session_id, content="what is my balance", client_message_id=client_id
    )


def test_chat_turn_signed_in_by_token_stays_within_statement_budget(
    service: ChatService, conversation: SessionView, token: str
) -> None:
    _send(service, conversation, token, "warm-1")  # the first message also titles the conversation
    with counted() as statements:
        _send(service, conversation, token, "budget-1")
    assert len(statements) == TURN_BUDGET, "\n".join(statements)


def test_a_conversation_idle_for_a_minute_pays_one_more_write(
    service: ChatService, conversation: SessionView, token: str
) -> None:
    _send(service, conversation, token, "warm-5")
    with session_scope() as db:
        db.execute(
            update(Session)
            .where(col(Session.id) == conversation.session_id)
            .values(last_activity_at=utcnow() - TOUCH_EVERY)
        )
    with counted() as statements:
        _send(service, conversation, token, "budget-5")
    assert len(statements) == TURN_BUDGET + ACTIVITY_WRITE, "\n".join(statements)
    assert any(s.startswith("UPDATE session SET last_activity_at") for s in statements)


def test_chat_turn_by_user_view_stays_within_rest_budget(
    service: ChatService, conversation: SessionView, user: UserView
) -> None:
    service.send_message(session_id=conversation.session_id, user=user, content="hello", client_message_id="warm-2")
    with counted() as statements:
        service.send_message(session_id=conversation.session_id, user=user, content="hi", client_message_id="budget-2")
    assert len(statements) == REST_TURN_BUDGET, "\n".join(statements)


def test_chat_turn_leaving_a_waiting_step_adds_one_write(
    service: ChatService, fake: FakeOrchestrator, conversation: SessionView, token: str
) -> None:
    fake.reply = replace(fake.reply, pending=PendingStep(flow="transfer", stage="confirm"))
    _send(service, conversation, token, "warm-3")
    with counted() as statements:
        _send(service, conversation, token, "budget-3")
    assert len(statements) == TURN_BUDGET + PENDING_WRITE, "\n".join(statements)


def test_replayed_client_id_reads_and_writes_almost_nothing(
    service: ChatService, conversation: SessionView, token: str
) -> None:
    _send(service, conversation, token, "replay-1")
    with counted() as statements:
        _send(service, conversation, token, "replay-1")
    # the sign-in with the conversation (which finds the stored message), its stored reply
    assert len(statements) == 2, "\n".join(statements)
    assert not [s for s in statements if not s.lstrip().upper().startswith("SELECT")]


def test_budget_fails_when_a_query_is_added(
    service: ChatService, conversation: SessionView, token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The budget is exact, not generous: one more read on the hot path breaks it."""
    chat_module = importlib.import_module("bankchat.services.chat_service")  # the package re-binds the name
    original = chat_module._recent_history

    def with_extra_query(db, session_id, before_id=None):  # type: ignore[no-untyped-def]
        db.exec(select(User.id).limit(1)).first()
        return original(db, session_id, before_id)

    monkeypatch.setattr(chat_module, "_recent_history", with_extra_query)
    _send(service, conversation, token, "warm-4")
    with counted() as statements:
        _send(service, conversation, token, "budget-4")
    assert len(statements) == TURN_BUDGET + 1  # so the budget test above would fail
