"""Human hand-off: the queue, a manager claiming a conversation, writing as staff, handing it back.

While a hand-off is ``claimed`` a person holds the conversation and the bot stays
quiet (ChatService stores the customer's messages and does not ask the agents).
Every step is written to the audit log in the same transaction. The queue and every
step are for managers only (``NotAManager`` for anyone else); ``held`` is the chat's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.agents.flows.handoff import OPEN, open_handoff
from bankchat.errors import Conflict, HandoffNotFound
from bankchat.models import ChatSession, Handoff, Message, Session, User, utcnow, view_of
from bankchat.services import audit
from bankchat.services.message_text import clean_content
from bankchat.services.roles import require_manager
from bankchat.services.views import MessageView, UserView

__all__ = ["OPEN", "HandoffView", "claim", "hand_back", "held", "open_handoff", "queue", "reply"]


@dataclass(frozen=True)
class HandoffView:
    """A queued or claimed conversation as the console lists it."""

    id: int
    session_id: str
    status: str
    customer: str
    customer_name: str
    summary: str
    created_at: datetime
    claimed_by: str | None


def held(db: Db, session_id: str) -> bool:
    """True while a person holds the conversation (the bot must stay quiet)."""
    handoff = open_handoff(db, session_id)
    return handoff is not None and handoff.status == "claimed"


def queue(db: Db, *, manager: UserView, limit: int = 100) -> list[HandoffView]:
    """Open hand-offs, oldest first (the order customers are served in); managers only."""
    require_manager(manager)
    rows = db.exec(
        select(Handoff, User)
        .join(User, col(User.id) == col(Handoff.user_id))
        .where(col(Handoff.status).in_(OPEN))
        .order_by(col(Handoff.id))
        .limit(limit)
    ).all()
    staff_ids = {h.claimed_by for h, _ in rows if h.claimed_by is not None}
    staff = {u.id: u.display_name for u in db.exec(select(User).where(col(User.id).in_(staff_ids))).all()}
    return [
        view_of(
            HandoffView,
            h,
            id=h.id or 0,
            customer=u.username,
            customer_name=u.display_name,
            claimed_by=staff.get(h.claimed_by) if h.claimed_by is not None else None,
        )
        for h, u in rows
    ]


def _locked_open(db: Db, session_id: str) -> Handoff:
    """The open hand-off a manager acts on, locked for the rest of the transaction."""
    handoff = open_handoff(db, session_id, lock=True)
    if handoff is None:
        raise HandoffNotFound
    return handoff


def _post(db: Db, *, session_id: str, staff: UserView, text: str) -> MessageView:
    """Store a staff message and count it on the conversation."""
    session = db.get(Session, session_id)
    chat = db.exec(select(ChatSession).where(ChatSession.session_id == session_id)).first()
    if session is None or chat is None:
        raise HandoffNotFound
    if session.status == "closed":
        raise Conflict("The customer has closed this conversation")
    message = Message(session_id=session_id, role="staff", content=text, agent="staff", author_id=staff.id)
    db.add(message)
    chat.message_count += 1
    chat.updated_at = utcnow()
    session.last_activity_at = utcnow()
    db.add(chat)
    db.add(session)
    db.flush()
    return MessageView.of(message)


def tell(db: Db, *, session_id: str, staff: UserView, text: str) -> MessageView | None:
    """Write to the customer in their conversation as BankChat staff, outside any hand-off (a decision they
    wait for); None when the conversation is gone or closed (they see the outcome elsewhere)."""
    try:
        return _post(db, session_id=session_id, staff=staff, text=text)
    except (HandoffNotFound, Conflict):
        return None


def claim(db: Db, *, manager: UserView, session_id: str) -> MessageView:
    """Take the conversation over; the customer is told a person has joined. Claiming it twice is a no-op."""
    require_manager(manager)
    handoff = _locked_open(db, session_id)
    if handoff.status == "claimed":
        if handoff.claimed_by != manager.id:
            raise Conflict("A colleague already holds this conversation")
        last = db.exec(
            select(Message)
            .where(Message.session_id == session_id, Message.role == "staff")
            .order_by(col(Message.id).desc())
        ).first()
        assert last is not None
        return MessageView.of(last)
    handoff.status, handoff.claimed_by, handoff.claimed_at = "claimed", manager.id, utcnow()
    handoff.updated_at = utcnow()
    db.add(handoff)
    audit.record(db, actor_id=manager.id, action="claim", session_id=session_id, subject_user_id=handoff.user_id)
    first_name = manager.display_name.split()[0] if manager.display_name.strip() else manager.username
    return _post(
        db,
        session_id=session_id,
        staff=manager,
        text=f"Hi, this is {first_name} from the BankChat team. I've read your conversation so far: how can I help?",
    )


def reply(db: Db, *, manager: UserView, session_id: str, content: object) -> MessageView:
    """Write into a conversation the manager holds, as BankChat staff."""
    require_manager(manager)
    text = clean_content(content)
    handoff = _locked_open(db, session_id)
    if handoff.status != "claimed" or handoff.claimed_by != manager.id:
        raise Conflict("Claim this conversation before replying")
    audit.record(db, actor_id=manager.id, action="staff_reply", session_id=session_id, subject_user_id=handoff.user_id)
    return _post(db, session_id=session_id, staff=manager, text=text)


def hand_back(db: Db, *, manager: UserView, session_id: str) -> MessageView:
    """Close the hand-off: the bot answers the customer again."""
    require_manager(manager)
    handoff = _locked_open(db, session_id)
    if handoff.status == "claimed" and handoff.claimed_by != manager.id:
        raise Conflict("A colleague holds this conversation")
    handoff.status, handoff.closed_at, handoff.updated_at = "closed", utcnow(), utcnow()
    db.add(handoff)
    audit.record(db, actor_id=manager.id, action="hand_back", session_id=session_id, subject_user_id=handoff.user_id)
    return _post(
        db,
        session_id=session_id,
        staff=manager,
        text="I'm handing you back to the BankChat assistant now. If you need us again, just ask for a person.",
    )
