"""A payee added in chat through the real ChatService: the full account number stays only in the customer's own
message; the assistant's messages, their traces, the waiting step, the transcript, the audit log and the logs
hold masked details only."""

from __future__ import annotations

import json
import logging

import pytest
from sqlmodel import col, select

from bankchat.bank import authenticators
from bankchat.db import session_scope
from bankchat.models import AuditEntry, ConversationState, Message, User
from bankchat.services import ChatService, UserView, transcripts
from tests.bank.helpers import demo_customer
from tests.support.authenticator_app import set_up_app

FULL = "12345678"


def test_payee_added_in_chat_keeps_the_full_number_only_in_the_customers_message(
    real_service: ChatService, caplog: pytest.LogCaptureFixture
) -> None:
    with session_scope() as db:
        owner = demo_customer(db, username="alice")
        secret = set_up_app(db, owner)
        user = UserView.of(db.exec(select(User).where(User.id == owner)).one())
        session_id = real_service.start_conversation(db=db, user=user).session_id
    caplog.set_level(logging.DEBUG)
    said = f"add Jane Doe as a payee, sort code 20-00-00 account {FULL}"
    waiting: list[str] = []

    for text in (said, "yes", authenticators.current_code(secret)):
        real_service.send_message(session_id=session_id, user=user, content=text)
        with session_scope() as db:
            state = db.get(ConversationState, session_id)
            waiting.append(json.dumps(state.pending if state is not None else None))

    with session_scope() as db:
        messages = db.exec(select(Message).where(Message.session_id == session_id).order_by(col(Message.id))).all()
        audit = db.exec(select(AuditEntry.detail).where(AuditEntry.actor_id == owner)).all()
        transcript = transcripts.markdown_transcript(db=db, session_id=session_id, user_id=owner).content
    replies = [m for m in messages if m.role == "assistant"]
    assert "is now one of your payees" in replies[-1].content
    assert next(m.content for m in messages if m.role == "user") == said  # the customer's words, as typed
    kept = [*waiting, *audit, caplog.text] + [m.content + json.dumps(m.trace) for m in replies]
    for text in kept:
        assert FULL not in text
    title, _, body = transcript.partition("\n")
    assert title == f"# {said.replace(FULL, '••••' + FULL[-4:])}"  # the title (on show in the list): masked
    assert body.count(FULL) == 1  # the customer's own message only
