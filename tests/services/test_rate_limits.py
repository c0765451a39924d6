"""Per-user rate limits on messages and new conversations, counted from stored rows (all workers share them)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import col, select

from bankchat.db import session_scope
from bankchat.errors import AgentsUnavailable, BankChatError, RateLimited, Throttled
from bankchat.models import ChatSession, Message, Session, utcnow
from bankchat.services import ChatService, SessionView, UserView, rate_limits
from bankchat.settings import Settings
from tests.factories import FakeOrchestrator, settings_env


@pytest.fixture
def low_limits() -> Iterator[Settings]:
    """Three messages a minute, two new conversations an hour."""
    with settings_env(BANKCHAT_MESSAGES_PER_MINUTE="3", BANKCHAT_SESSIONS_PER_HOUR="2") as s:
        yield s


def _cid() -> str:
    return str(uuid.uuid4())


def _send(service: ChatService, user: UserView, session_id: str, text: str = "hello", cid: str | None = None):  # type: ignore[no-untyped-def]
    return service.send_message(session_id=session_id, user=user, content=text, client_message_id=cid)


def _user_messages(user_id: int) -> list[Message]:
    with session_scope() as db:
        return list(
            db.exec(
                select(Message)
                .join(ChatSession, col(ChatSession.session_id) == col(Message.session_id))
                .where(ChatSession.user_id == user_id, Message.role == "user")
            ).all()
        )


def _age_messages(user_id: int, by: timedelta) -> None:
    with session_scope() as db:
        for message in db.exec(
            select(Message)
            .join(ChatSession, col(ChatSession.session_id) == col(Message.session_id))
            .where(ChatSession.user_id == user_id)
        ).all():
            message.created_at -= by
            db.add(message)


def _start(service: ChatService, user: UserView) -> SessionView:
    with session_scope() as db:
        return service.start_conversation(db=db, user=user)


def _sessions(user_id: int) -> list[Session]:
    with session_scope() as db:
        return list(db.exec(select(Session).where(Session.user_id == user_id)).all())


# --- messages ---------------------------------------------------------------------


@pytest.mark.usefixtures("low_limits")
def test_send_message_over_limit_is_rate_limited_and_stores_nothing(
    service: ChatService, fake: FakeOrchestrator, user: UserView, conversation: SessionView
) -> None:
    for i in range(3):
        _send(service, user, conversation.session_id, f"m{i}")

    with pytest.raises(RateLimited) as refused:
        _send(service, user, conversation.session_id, "one too many")

    assert refused.value.code == "rate_limited"
    assert 1 <= refused.value.retry_after <= 60
    assert "too quickly" in refused.value.detail
    assert isinstance(refused.value, Throttled)
    assert isinstance(refused.value, BankChatError)
    assert [m.content for m in _user_messages(user.id)] == ["m0", "m1", "m2"]
    assert len(fake.turns) == 3  # the agents never saw it


def test_a_limit_of_0_lets_every_message_through(
    service: ChatService, fake: FakeOrchestrator, user: UserView, conversation: SessionView
) -> None:
    with settings_env(BANKCHAT_MESSAGES_PER_MINUTE="0"):
        for i in range(5):
            _send(service, user, conversation.session_id, f"m{i}")
        with session_scope() as db:
            rate_limits.check_message_rate(db=db, user_id=user.id)  # nothing to refuse

    assert [m.content for m in _user_messages(user.id)] == [f"m{i}" for i in range(5)]
    assert len(fake.turns) == 5


@pytest.mark.usefixtures("low_limits")
def test_send_message_limit_counts_all_sessions_of_user(service: ChatService, user: UserView) -> None:
    first, second = _start(service, user), _start(service, user)
    _send(service, user, first.session_id)
    _send(service, user, second.session_id)
    _send(service, user, first.session_id)

    with pytest.raises(RateLimited):
        _send(service, user, second.session_id)


@pytest.mark.usefixtures("low_limits")
def test_send_message_limit_is_per_user(
    service: ChatService, user: UserView, other_user: UserView, conversation: SessionView
) -> None:
    for _ in range(3):
        _send(service, user, conversation.session_id)

    theirs = _start(service, other_user)
    assert _send(service, other_user, theirs.session_id).replayed is False


@pytest.mark.usefixtures("low_limits")
def test_send_message_replayed_client_id_is_not_refused_at_limit(
    service: ChatService, fake: FakeOrchestrator, user: UserView, conversation: SessionView
) -> None:
    ids = [_cid() for _ in range(3)]
    first = [_send(service, user, conversation.session_id, f"m{i}", cid) for i, cid in enumerate(ids)]

    again = [_send(service, user, conversation.session_id, f"m{i}", cid) for i, cid in enumerate(ids)]

    assert all(exchange.replayed for exchange in again)
    assert [e.reply.id for e in again] == [e.reply.id for e in first]
    assert len(_user_messages(user.id)) == 3
    assert len(fake.turns) == 3


@pytest.mark.usefixtures("low_limits")
def test_send_message_replays_do_not_count(service: ChatService, user: UserView, conversation: SessionView) -> None:
    cid = _cid()
    for _ in range(5):
        _send(service, user, conversation.session_id, "same", cid)

    _send(service, user, conversation.session_id, "second")
    _send(service, user, conversation.session_id, "third")
    with pytest.raises(RateLimited):
        _send(service, user, conversation.session_id, "fourth")


@pytest.mark.usefixtures("low_limits")
def test_send_message_unanswered_message_retry_is_not_refused(
    service: ChatService, fake: FakeOrchestrator, user: UserView, conversation: SessionView
) -> None:
    cid = _cid()
    _send(service, user, conversation.session_id, "m0")
    _send(service, user, conversation.session_id, "m1")
    fake.fail_times = 1
    with pytest.raises(AgentsUnavailable):
        _send(service, user, conversation.session_id, "m2", cid)

    exchange = _send(service, user, conversation.session_id, "m2", cid)  # the stored message, answered now

    assert exchange.reply.content == "Fake reply"
    assert len(_user_messages(user.id)) == 3


@pytest.mark.usefixtures("low_limits")
def test_send_message_free_again_once_window_passes(
    service: ChatService, user: UserView, conversation: SessionView
) -> None:
    for _ in range(3):
        _send(service, user, conversation.session_id)
    with pytest.raises(RateLimited):
        _send(service, user, conversation.session_id)

    _age_messages(user.id, timedelta(seconds=61))

    assert _send(service, user, conversation.session_id, "after a minute").message.content == "after a minute"


@pytest.mark.usefixtures("low_limits")
def test_check_message_rate_retry_after_is_when_oldest_counted_leaves_window(
    service: ChatService, user: UserView, conversation: SessionView
) -> None:
    for _ in range(3):
        _send(service, user, conversation.session_id)
    _age_messages(user.id, timedelta(seconds=45))

    with pytest.raises(RateLimited) as refused, session_scope() as db:
        rate_limits.check_message_rate(db=db, user_id=user.id)

    assert refused.value.retry_after in (15, 16)


@pytest.mark.usefixtures("low_limits")
def test_check_message_rate_ignores_replies(user: UserView, conversation: SessionView) -> None:
    with session_scope() as db:
        for i in range(10):
            db.add(Message(session_id=conversation.session_id, role="assistant", content=f"r{i}"))
    with session_scope() as db:
        rate_limits.check_message_rate(db=db, user_id=user.id)


# --- sessions ---------------------------------------------------------------------


@pytest.mark.usefixtures("low_limits")
def test_start_conversation_over_limit_is_rate_limited_and_stores_nothing(service: ChatService, user: UserView) -> None:
    _start(service, user)
    _start(service, user)

    with pytest.raises(RateLimited) as refused:
        _start(service, user)

    assert refused.value.code == "rate_limited"
    assert 3590 <= refused.value.retry_after <= 3600
    assert len(_sessions(user.id)) == 2


@pytest.mark.usefixtures("low_limits")
def test_start_conversation_limit_is_per_user_and_window(
    service: ChatService, user: UserView, other_user: UserView
) -> None:
    _start(service, user)
    _start(service, user)
    _start(service, other_user)

    with session_scope() as db:
        for row in db.exec(select(Session).where(Session.user_id == user.id)).all():
            row.created_at = utcnow() - timedelta(minutes=61)
            db.add(row)

    assert _start(service, user).user_id == user.id


def test_limits_default_to_documented_numbers() -> None:
    assert Settings.model_fields["messages_per_minute"].default == 30
    assert Settings.model_fields["sessions_per_hour"].default == 20


@pytest.mark.parametrize(("left", "said"), [(45, "45 seconds"), (1, "1 second"), (2260, "38 minutes")])
def test_the_wait_is_said_as_a_person_reads_it(left: int, said: str) -> None:
    now = utcnow()
    window = timedelta(hours=1)

    with pytest.raises(RateLimited) as refused:
        rate_limits.refuse_if_full(now - window + timedelta(seconds=left), window=window, now=now, user_id=1, what="x")

    assert refused.value.retry_after == left
    assert f"Please wait {said} and try again." in str(refused.value.detail)
