"""Response schemas are built from the services' views: a view's new field is in the API, or left out by name."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any, get_type_hints

from bankchat.api.schemas import (
    CONVERSATION_NOT_SHOWN,
    MESSAGE_NOT_SHOWN,
    ChatSessionOut,
    ConversationOut,
    MessageOut,
    SessionOut,
    TransactionOut,
    UserOut,
)
from bankchat.bank import TransactionView
from bankchat.services import MessageView, SessionView, UserView

WHEN = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)


def _message() -> MessageView:
    return MessageView(
        id=48_213,
        public_id="msg_Q2f9xJr4T0aVbN7k",
        session_id="sess_abc_def",
        role="assistant",
        content="Hello",
        created_at=WHEN,
        client_message_id=None,
        agent="smalltalk",
        intent="greeting",
        confidence=0.9,
        trace={"actions": []},
    )


def _transaction() -> TransactionView:
    return TransactionView(
        id=91_004,
        public_id="txn_bK0c1Zs8uE5pW3yA",
        account_id=3,
        account_name="Everyday Checking",
        booked_at=WHEN,
        value_date=date(2026, 12, 6),
        merchant="Tesco",
        category="groceries",
        description="Card payment",
        amount_cents=-1250,
        balance_after_cents=183_000,
    )


def _view_fields(view: type[Any]) -> dict[str, Any]:
    """A view's fields and types as the API shows them: ``public_id`` is the ``id``, the row's ID stays inside."""
    hints = get_type_hints(view)
    shown = {f.name: hints[f.name] for f in dataclasses.fields(view)}
    if "public_id" in shown:
        shown["id"] = shown.pop("public_id")
    return shown


def _schema_fields(schema: type[Any]) -> dict[str, Any]:
    return {name: field.annotation for name, field in schema.model_fields.items()}


def test_message_out_has_message_view_fields_but_those_left_out_and_feedback() -> None:
    expected = {k: v for k, v in _view_fields(MessageView).items() if k not in MESSAGE_NOT_SHOWN}

    fields = _schema_fields(MessageOut)

    assert fields.pop("feedback") is not None
    assert fields == expected


def test_transaction_out_has_every_transaction_view_field() -> None:
    assert _schema_fields(TransactionOut) == _view_fields(TransactionView)


def test_user_out_has_every_user_view_field() -> None:
    assert _schema_fields(UserOut) == _view_fields(UserView)


def test_conversation_out_has_session_view_fields_but_those_left_out() -> None:
    expected = {k: v for k, v in _view_fields(SessionView).items() if k not in CONVERSATION_NOT_SHOWN}

    assert _schema_fields(ConversationOut) == expected


def test_new_session_halves_together_are_session_view() -> None:
    """A new conversation answers in two halves (ChatService's and SessionManager's), each part of SessionView."""
    chat, lifecycle = _schema_fields(ChatSessionOut), _schema_fields(SessionOut)

    assert chat | lifecycle == _view_fields(SessionView)
    assert chat.keys() & lifecycle.keys() == {"session_id", "user_id", "created_at"}


def test_message_out_json_shows_public_id_as_id_and_never_the_row_id() -> None:
    body = MessageOut.model_validate(_message()).model_dump(mode="json", by_alias=True)

    assert body == {
        "id": "msg_Q2f9xJr4T0aVbN7k",
        "sessionId": "sess_abc_def",
        "role": "assistant",
        "content": "Hello",
        "createdAt": "2026-12-06T09:30:00Z",
        "clientMessageId": None,
        "agent": "smalltalk",
        "intent": "greeting",
        "confidence": 0.9,
        "feedback": None,
    }
    assert next(iter(body)) == "id"


def test_transaction_out_json_shows_public_id_as_id_and_never_the_row_id() -> None:
    body = TransactionOut.model_validate(_transaction()).model_dump(mode="json", by_alias=True)

    assert body == {
        "id": "txn_bK0c1Zs8uE5pW3yA",
        "accountId": 3,
        "accountName": "Everyday Checking",
        "bookedAt": "2026-12-06T09:30:00Z",
        "valueDate": "2026-12-06",
        "merchant": "Tesco",
        "category": "groceries",
        "description": "Card payment",
        "amountCents": -1250,
        "balanceAfterCents": 183_000,
    }
    assert next(iter(body)) == "id"
