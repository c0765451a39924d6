"""The chat page's rows carry public message IDs only (pen-test 18.9d): the browser never sees a row number."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from bankchat.services import MessageView
from bankchat.state.console_rows import transcript_row
from bankchat.state.rows import ChatMessage, message_id_of, message_row


def _view(role: str = "assistant", client_message_id: str | None = None) -> MessageView:
    return MessageView(
        id=48_213,
        public_id="msg_Q2f9xJr4T0aVbN7k",
        session_id="sess_abc_def",
        role=role,
        content="Hello",
        created_at=datetime(2026, 12, 6, 9, 30, tzinfo=UTC),
        client_message_id=client_message_id,
        agent="smalltalk",
        intent="greeting",
        confidence=0.9,
        trace={},
    )


def test_message_row_is_keyed_and_identified_by_public_id() -> None:
    row = message_row(_view(), ratings={48_213: "up"})

    assert (row.key, row.id, row.feedback) == ("mmsg_Q2f9xJr4T0aVbN7k", "msg_Q2f9xJr4T0aVbN7k", "up")
    assert "48213" not in repr(row)
    assert message_id_of(row.key) == "msg_Q2f9xJr4T0aVbN7k"


def test_user_row_keeps_its_client_key_and_console_row_its_public_key() -> None:
    assert message_row(_view("user", client_message_id="c-1")).key == "c-1"
    assert transcript_row(_view(), customer="Alice").key == "mmsg_Q2f9xJr4T0aVbN7k"


@pytest.mark.parametrize("key", [None, 7, "", "m", "c-1", "m" + "a" * 65, "mmsg_x y", "mmsg_<b>"])
def test_message_id_of_refuses_anything_but_a_stored_row_key(key: object) -> None:
    assert message_id_of(key) is None


VIEW_FIELDS_OFF_SCREEN = {
    "id": "the row's number: the browser never sees one",
    "session_id": "the browser never holds session IDs",
    "client_message_id": "not shown: it only keys a user's row (``key``)",
    "intent": "shown inside ``trace``",
    "confidence": "shown inside ``trace``",
}
"""MessageView's fields the chat row leaves out, and why."""
VIEW_FIELDS_RENAMED = {"public_id": "id", "created_at": "time"}
ROW_ONLY_FIELDS = {"key", "status", "feedback", "quick_replies"}
"""The row's own fields: its list key, its delivery status, the customer's rating and the reply's buttons."""


def test_chat_row_shows_each_message_view_field_or_leaves_it_out_by_name() -> None:
    view_fields = {f.name for f in dataclasses.fields(MessageView)}
    row_fields = {f.name for f in dataclasses.fields(ChatMessage)}

    shown = {VIEW_FIELDS_RENAMED.get(name, name) for name in view_fields - VIEW_FIELDS_OFF_SCREEN.keys()}

    assert VIEW_FIELDS_OFF_SCREEN.keys() <= view_fields
    assert row_fields == shown | ROW_ONLY_FIELDS
