"""Transcripts: the owner's conversation as Markdown, speakers, times in UTC, tables kept."""

from __future__ import annotations

import re

import pytest

from bankchat.agents.tables import table
from bankchat.agents.types import Reply
from bankchat.db import session_scope
from bankchat.errors import SessionNotFound
from bankchat.models import Message
from bankchat.services import ChatService, SessionView, UserView, transcripts
from tests.factories import FakeOrchestrator

BALANCES = table(["Account", "Balance"], [["Everyday Checking", "£4,007.63"], ["Savings", "£14,051.29"]], "lr")


def _transcript(user: UserView, conversation: SessionView) -> transcripts.TranscriptFile:
    with session_scope() as db:
        return transcripts.markdown_transcript(db=db, session_id=conversation.session_id, user_id=user.id)


def test_transcript_has_title_customer_and_every_message(
    fake: FakeOrchestrator, service: ChatService, user: UserView, conversation: SessionView
) -> None:
    fake.reply = Reply(
        content=f"Here are your balances:\n\n{BALANCES}", agent="accounts", intent="check_balance", confidence=0.9
    )
    service.send_message(session_id=conversation.session_id, user=user, content="What's my balance?")
    with session_scope() as db:
        db.add(Message(session_id=conversation.session_id, role="staff", content="Hi, this is **Sam** from BankChat."))

    text = _transcript(user, conversation).content

    assert text.startswith("# What's my balance?\n")
    assert "- Customer: Alice Anderson\n" in text
    assert "- Messages: 3\n" in text
    speakers = re.findall(r"^### (.+?) · \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$", text, flags=re.MULTILINE)
    assert speakers == ["Alice Anderson (customer)", "BankChat assistant (accounts)", "BankChat staff"]
    assert f"\n\n{BALANCES}\n" in text  # the table intact, on lines of its own
    assert "Hi, this is **Sam** from BankChat." in text
    assert text.index("What's my balance?\n\n") < text.index("Here are your balances") < text.index("Sam")


def test_transcript_escapes_the_customers_markdown(
    service: ChatService, user: UserView, conversation: SessionView
) -> None:
    service.send_message(session_id=conversation.session_id, user=user, content="# <b>hi</b> [x](y)\nsecond line")

    text = _transcript(user, conversation).content

    assert "\\# \\<b\\>hi\\</b\\> \\[x\\](y)  \nsecond line" in text
    assert "<b>" not in text


def test_transcript_of_an_empty_conversation(user: UserView, conversation: SessionView) -> None:
    transcript = _transcript(user, conversation)

    assert "_No messages yet._" in transcript.content
    assert re.fullmatch(r"bankchat-transcript-\d{8}-\d{4}\.md", transcript.filename)
    assert transcript.media_type.startswith("text/markdown")


def test_transcript_of_someone_elses_conversation_is_session_not_found(
    other_user: UserView, conversation: SessionView
) -> None:
    with pytest.raises(SessionNotFound):
        _transcript(other_user, conversation)
