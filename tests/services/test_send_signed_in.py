"""A message sent with a sign-in token: the token and the conversation are read in one statement,
and refused in the same order as when they were two (a bad token before a missing conversation)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from sqlmodel import select

from bankchat.db import session_scope
from bankchat.errors import InvalidToken, RateLimited, SessionNotFound
from bankchat.models import Message, User
from bankchat.services import ChatService, SessionView, UserView, auth
from bankchat.services.session_manager import new_session_id
from tests.factories import settings_env


def _issue(user: UserView) -> str:
    with session_scope() as db:
        row = db.exec(select(User).where(User.id == user.id)).one()
        return auth.issue_token(db=db, user=row, kind="web").token


def _send(service: ChatService, token: str, session_id: str, text: str = "hello") -> tuple[UserView, object]:
    return service.send_message_as(token=token, session_id=session_id, content=text, client_message_id=None)


def _stored(session_id: str) -> list[str]:
    with session_scope() as db:
        return list(db.exec(select(Message.content).where(Message.session_id == session_id)).all())


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def refusals() -> Iterator[list[logging.LogRecord]]:
    """The sign-in's refusals, as logged."""
    handler = _Records()
    logger = logging.getLogger(auth.log.name)
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)


def test_send_signed_in_answers_the_tokens_owner(
    service: ChatService, user: UserView, conversation: SessionView
) -> None:
    who, _ = _send(service, _issue(user), conversation.session_id, "what is my balance")
    assert who == user
    stored = _stored(conversation.session_id)
    assert stored[0] == "what is my balance"
    assert len(stored) == 2  # and the reply


@pytest.mark.parametrize("token", ["bct_unknown-token", "", "x" * 201])
@pytest.mark.parametrize("where", ["missing", "someone else's", "own"])
def test_send_refuses_a_bad_token_before_looking_at_the_conversation(
    service: ChatService,
    user: UserView,
    other_user: UserView,
    conversation: SessionView,
    refusals: list[logging.LogRecord],
    token: str,
    where: str,
) -> None:
    with session_scope() as db:
        others = service.start_conversation(db=db, user=other_user).session_id
    session_id = {"missing": new_session_id(), "someone else's": others, "own": conversation.session_id}[where]
    with pytest.raises(InvalidToken):
        _send(service, token, session_id)
    assert [r.getMessage() for r in refusals] == ["Token refused"]
    assert _stored(session_id) == []


def test_send_refuses_a_revoked_token_before_a_missing_conversation(
    service: ChatService, user: UserView, refusals: list[logging.LogRecord]
) -> None:
    token = _issue(user)
    with session_scope() as db:
        auth.revoke_token(db=db, token=token)
    with pytest.raises(InvalidToken):
        _send(service, token, new_session_id())
    assert [r.bankchat_fields["reason"] for r in refusals] == ["revoked"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("where", ["missing", "someone else's"])
def test_send_with_a_live_token_refuses_a_conversation_not_the_users(
    service: ChatService, user: UserView, other_user: UserView, refusals: list[logging.LogRecord], where: str
) -> None:
    with session_scope() as db:
        others = service.start_conversation(db=db, user=other_user).session_id
    session_id = new_session_id() if where == "missing" else others
    with pytest.raises(SessionNotFound):
        _send(service, _issue(user), session_id)
    assert refusals == []
    assert _stored(others) == []


def test_send_signed_in_counts_the_tokens_owner_against_the_rate_limit(
    service: ChatService, user: UserView, other_user: UserView, conversation: SessionView
) -> None:
    with session_scope() as db:
        others = service.start_conversation(db=db, user=other_user).session_id
    token, other_token = _issue(user), _issue(other_user)
    with settings_env(BANKCHAT_MESSAGES_PER_MINUTE="2"):
        _send(service, token, conversation.session_id, "one")
        _send(service, other_token, others, "someone else's")  # not the user's: does not count
        _send(service, token, conversation.session_id, "two")
        with pytest.raises(RateLimited):
            _send(service, token, conversation.session_id, "three")
        _send(service, other_token, others, "their second")
    assert [m for m in _stored(conversation.session_id) if m in ("one", "two", "three")] == ["one", "two"]
