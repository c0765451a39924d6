"""A streamed reply the customer stopped: what they saw is stored as the reply, once.

Kept apart from ``ChatService``'s turn: the turn stops when its token callback raises
``ReplyStopped`` (nothing is stored for it then), and this stores the partial text in its
place. The unique index on ``reply_to_id`` keeps one reply per message, so a turn that
finished in the same instant and this never both answer.
"""

from __future__ import annotations

from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.models import Message, Session, utcnow
from bankchat.services.chat_service import Exchange, count_reply, store_reply_once
from bankchat.services.views import MessageView

STOPPED_AGENT = "stopped"
"""The agent a stopped reply is filed under: its badge says so on screen, and the metrics count it."""
EMPTY_STOPPED = "(Stopped before any answer.)"
"""The reply stored when the customer stopped before the first word arrived."""


def is_stopped(m: MessageView) -> bool:
    """Whether a stored reply is one the customer stopped."""
    return m.role == "assistant" and isinstance(m.trace, dict) and m.trace.get("stopped") is True


def store_stopped_reply(
    *, db: Db, session_id: str, user_id: int, client_message_id: str, content: str
) -> Exchange | None:
    """Store ``content`` as the reply to the customer's message ``client_message_id``.

    Returns the message and its reply (the one already stored, if the turn finished first),
    or None when the message is not stored (or not this user's): then there is nothing to answer.
    """
    message = db.exec(
        select(Message)
        .join(Session, col(Session.id) == col(Message.session_id))
        .where(
            Message.session_id == session_id,
            Message.client_message_id == client_message_id,
            Message.role == "user",
            Session.user_id == user_id,
        )
    ).first()
    if message is None:
        return None
    view = MessageView.of(message)
    now = utcnow()
    trace = {"agent": STOPPED_AGENT, "stopped": True}
    reply = store_reply_once(
        db, message=view, content=content.strip() or EMPTY_STOPPED, now=now, agent=STOPPED_AGENT, trace=trace
    )
    if reply is None:  # the turn stored its reply first: that one stands
        existing = db.exec(select(Message).where(Message.reply_to_id == view.id)).one()
        return Exchange(message=view, reply=MessageView.of(existing), replayed=True)
    count_reply(db, session_id=session_id, now=now)
    return Exchange(message=view, reply=reply, replayed=False)
