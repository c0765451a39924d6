"""A stopped reply: what the customer saw is stored as the reply, once, and counted on the conversation."""

from __future__ import annotations

from sqlmodel import select

from bankchat.db import session_scope
from bankchat.models import ChatSession, Message
from bankchat.services import ChatService, SessionView, UserView
from bankchat.services.stopped_replies import EMPTY_STOPPED, is_stopped, store_stopped_reply


def _store_message(session_id: str, client_id: str) -> None:
    with session_scope() as db:
        db.add(
            Message(session_id=session_id, role="user", content="when will my card arrive", client_message_id=client_id)
        )


def _count(session_id: str) -> int:
    with session_scope() as db:
        return db.exec(select(ChatSession.message_count).where(ChatSession.session_id == session_id)).one()


def test_stopped_reply_stores_the_shown_text_once_and_counts_it(conversation: SessionView, user: UserView) -> None:
    _store_message(conversation.session_id, "web_stop")
    before = _count(conversation.session_id)

    with session_scope() as db:
        first = store_stopped_reply(
            db=db, session_id=conversation.session_id, user_id=user.id, client_message_id="web_stop", content="Cards "
        )
    with session_scope() as db:
        again = store_stopped_reply(
            db=db, session_id=conversation.session_id, user_id=user.id, client_message_id="web_stop", content="x"
        )

    assert first is not None
    assert first.reply is not None
    assert not first.replayed
    assert (first.reply.content, first.reply.agent, is_stopped(first.reply)) == ("Cards", "stopped", True)
    assert again is not None
    assert again.replayed
    assert again.reply == first.reply
    assert _count(conversation.session_id) == before + 1


def test_stopped_reply_keeps_a_reply_the_turn_stored_first(
    service: ChatService, conversation: SessionView, user: UserView
) -> None:
    exchange = service.send_message(
        session_id=conversation.session_id, user=user, content="hello", client_message_id="web_done"
    )

    with session_scope() as db:
        stopped = store_stopped_reply(
            db=db, session_id=conversation.session_id, user_id=user.id, client_message_id="web_done", content="hel"
        )

    assert stopped is not None
    assert stopped.replayed
    assert stopped.reply == exchange.reply


def test_stopped_reply_before_any_word_says_so(conversation: SessionView, user: UserView) -> None:
    _store_message(conversation.session_id, "web_empty")
    with session_scope() as db:
        stopped = store_stopped_reply(
            db=db, session_id=conversation.session_id, user_id=user.id, client_message_id="web_empty", content=" "
        )
    assert stopped is not None
    assert stopped.reply is not None
    assert stopped.reply.content == EMPTY_STOPPED


def test_stopped_reply_for_another_users_or_an_unstored_message_stores_nothing(
    conversation: SessionView, other_user: UserView, user: UserView
) -> None:
    _store_message(conversation.session_id, "web_theirs")
    with session_scope() as db:
        assert (
            store_stopped_reply(
                db=db,
                session_id=conversation.session_id,
                user_id=other_user.id,
                client_message_id="web_theirs",
                content="x",
            )
            is None
        )
        assert (
            store_stopped_reply(
                db=db, session_id=conversation.session_id, user_id=user.id, client_message_id="web_never", content="x"
            )
            is None
        )
