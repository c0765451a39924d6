"""A retried message and its reply take their stored place on screen: the order a reload would show."""

from __future__ import annotations

from datetime import UTC, datetime

from bankchat.services import MessageView
from bankchat.state.chat_state import ChatState
from bankchat.state.rows import ChatMessage


def _view(row_id: int, role: str, content: str, client_message_id: str | None = None) -> MessageView:
    return MessageView(
        id=row_id,
        public_id=f"msg_{row_id:016d}",
        session_id="sess_abc_def",
        role=role,
        content=content,
        created_at=datetime(2026, 12, 6, 9, 30, tzinfo=UTC),
        client_message_id=client_message_id,
        agent="smalltalk" if role == "assistant" else None,
        intent=None,
        confidence=None,
        trace={},
    )


def _state_after_a_failure_then_a_sent_message() -> ChatState:
    """On screen: "first" failed (waiting for Retry), then "second" and its reply, stored as rows 10 and 11."""
    state = ChatState()
    state.fresh = [ChatMessage(key="web_a", role="user", content="first", status="failed")]
    state.fresh.append(ChatMessage(key="web_b", role="user", content="second", status="pending"))
    state._show_new([_view(10, "user", "second", "web_b"), _view(11, "assistant", "reply to second")])
    return state


def _screen(state: ChatState) -> list[tuple[str, str]]:
    return [(row.content, row.status) for row in [*state.messages, *state.fresh]]


def test_retried_message_stored_now_moves_after_the_messages_stored_before_it() -> None:
    state = _state_after_a_failure_then_a_sent_message()

    # The failed attempt stored nothing: the retry stores it as row 12, its reply as 13.
    state._show_new([_view(12, "user", "first", "web_a"), _view(13, "assistant", "reply to first")])

    assert _screen(state) == [
        ("second", "sent"),
        ("reply to second", "sent"),
        ("first", "sent"),
        ("reply to first", "sent"),
    ]


def test_retried_message_stored_before_keeps_its_place_and_its_reply_comes_last() -> None:
    state = _state_after_a_failure_then_a_sent_message()

    # The message was stored (row 9) but the agents failed: only its reply is new.
    state._show_new([_view(9, "user", "first", "web_a"), _view(13, "assistant", "reply to first")])

    assert _screen(state) == [
        ("first", "sent"),
        ("second", "sent"),
        ("reply to second", "sent"),
        ("reply to first", "sent"),
    ]


def test_reply_follows_its_message_not_a_later_one_still_on_its_way() -> None:
    state = ChatState()
    state.fresh = [
        ChatMessage(key="web_a", role="user", content="first", status="pending"),
        ChatMessage(key="web_b", role="user", content="second", status="pending"),
    ]

    state._show_new([_view(10, "user", "first", "web_a"), _view(11, "assistant", "reply to first")])

    assert _screen(state) == [("first", "sent"), ("reply to first", "sent"), ("second", "pending")]


def test_retry_answered_by_the_attempt_that_seemed_to_fail_shows_the_reply_under_its_message() -> None:
    state = ChatState()
    state.fresh = [ChatMessage(key="web_a", role="user", content="first", status="failed")]
    state.fresh.append(ChatMessage(key="web_b", role="user", content="second", status="pending"))
    state._show_new([_view(12, "user", "second", "web_b"), _view(13, "assistant", "reply to second")])

    # The first attempt had stored both (rows 10 and 11) before its answer was lost.
    state._show_new([_view(10, "user", "first", "web_a"), _view(11, "assistant", "reply to first")])

    assert _screen(state) == [
        ("first", "sent"),
        ("reply to first", "sent"),
        ("second", "sent"),
        ("reply to second", "sent"),
    ]


def test_a_message_stored_with_a_card_number_hidden_shows_as_stored() -> None:
    state = ChatState()
    typed = "my card is 4111 1111 1111 1111"
    state.fresh = [ChatMessage(key="web_a", role="user", content=typed, status="pending")]

    state._show_new([_view(10, "user", "my card is [card number hidden]", "web_a"), _view(11, "assistant", "hidden")])

    assert _screen(state) == [("my card is [card number hidden]", "sent"), ("hidden", "sent")]
