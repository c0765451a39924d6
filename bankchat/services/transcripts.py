"""A conversation as a Markdown document the customer can download and keep.

Bot and staff replies are Markdown already (tables included, see
``bankchat.agents.tables``) and are kept as they are; the customer's own words
are plain text, escaped so that they read the same in any Markdown viewer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.errors import SessionNotFound
from bankchat.models import ChatSession, Message, User, utcnow
from bankchat.services.session_manager import SessionManager

ASSISTANT = "BankChat assistant"
STAFF = "BankChat staff"
MAX_MESSAGES = 10_000
"""Most messages put in one transcript (far above any real conversation)."""

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


@dataclass(frozen=True)
class TranscriptFile:
    """A transcript ready to download."""

    filename: str
    content: str
    media_type: str = "text/markdown; charset=utf-8"


def _escape(text: str) -> str:
    """Plain text that shows as typed in Markdown (no headings, links or HTML of its own)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _plain_block(text: str) -> str:
    # Two trailing spaces keep the customer's line breaks inside one paragraph.
    return "  \n".join(_escape(line) for line in text.replace("\r\n", "\n").split("\n"))


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _speaker(message: Message, customer: str) -> str:
    if message.role == "user":
        return f"{customer} (customer)"
    if message.role == "staff":
        return STAFF
    return f"{ASSISTANT} ({_escape(message.agent)})" if message.agent else ASSISTANT


def _entry(message: Message, customer: str) -> str:
    body = _plain_block(message.content) if message.role == "user" else message.content.strip()
    return f"### {_speaker(message, customer)} · {_when(message.created_at)}\n\n{body}\n"


def markdown_transcript(*, db: Db, session_id: object, user_id: int) -> TranscriptFile:
    """The owner's conversation as Markdown; anyone else's is ``SessionNotFound``."""
    session = SessionManager().get_owned(db=db, session_id=session_id, user_id=user_id)
    chat = db.exec(select(ChatSession).where(ChatSession.session_id == session.id)).first()
    owner = db.get(User, user_id)
    if chat is None or owner is None:
        raise SessionNotFound
    messages = db.exec(
        select(Message).where(Message.session_id == session.id).order_by(col(Message.id)).limit(MAX_MESSAGES)
    ).all()
    customer = _escape(owner.display_name)
    header = [
        f"# {_escape(chat.title)}",
        "",
        f"- Customer: {customer}",
        f"- Started: {_when(session.created_at)}",
        f"- Last activity: {_when(session.last_activity_at)}",
        f"- Status: {session.status}",
        f"- Messages: {len(messages)}",
        f"- Exported: {_when(utcnow())}",
        "",
        "All times are UTC.",
        "",
        "---",
        "",
    ]
    body = "\n".join(_entry(m, customer) for m in messages) if messages else "_No messages yet._\n"
    filename = f"bankchat-transcript-{session.created_at.astimezone(UTC):%Y%m%d-%H%M}.md"
    return TranscriptFile(filename=filename, content="\n".join(header) + body)
