"""What is new in a conversation since the customer's screen last looked (staff replies, mostly)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.models import Message
from bankchat.services import handoffs
from bankchat.services.session_manager import SessionManager
from bankchat.services.views import MessageView

MAX_NEW = 50


@dataclass(frozen=True)
class LiveUpdate:
    """Messages after a given ID (oldest first) and the conversation's hand-off status."""

    messages: list[MessageView]
    handoff: str
    """``queued``, ``claimed`` (a person holds the conversation) or empty when there is none."""


def handoff_status(db: Db, session_id: str) -> str:
    """``queued``, ``claimed`` or empty."""
    handoff = handoffs.open_handoff(db, session_id)
    return handoff.status if handoff is not None else ""


def updates_since(db: Db, *, session_id: str, user_id: int, after_id: int) -> LiveUpdate:
    """The owner's new messages after ``after_id``; anyone else's conversation is ``SessionNotFound``."""
    SessionManager().get_owned(db=db, session_id=session_id, user_id=user_id)
    rows = db.exec(
        select(Message)
        .where(Message.session_id == session_id, col(Message.id) > after_id)
        .order_by(col(Message.id))
        .limit(MAX_NEW)
    ).all()
    return LiveUpdate(messages=[MessageView.of(m) for m in rows], handoff=handoff_status(db, session_id))
