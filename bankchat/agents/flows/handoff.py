"""Hand-off: queue the conversation for a colleague, once, with a summary they can read first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import distinct, func
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome
from bankchat.agents.types import Turn
from bankchat.models import Handoff, utcnow

OPEN = ("queued", "claimed")
"""A hand-off in these states is open: the customer waits for a colleague, or one holds the conversation."""

HOURS = "8am to 8pm, every day. Outside those hours we reply first thing in the morning"
OPENS, CLOSES = 8, 20
"""The team's hours, UK time (``HOURS`` in words)."""
UK = ZoneInfo("Europe/London")
clock: Callable[[], datetime] = utcnow
"""The time the team's hours are checked against (tests set a time of day)."""
TYPICAL_WAIT = "Most customers hear from a colleague within 10 minutes during opening hours"
AWAY = f"our team is away right now; a colleague will reply right here when we open at {OPENS}am (UK time)"
"""What happens next outside the team's hours."""


def summary_of(turn: Turn) -> str:
    """A few lines a colleague can read before answering."""
    said = [h.content for h in turn.history if h.role == "user"][-4:]
    topics = sorted({h.agent for h in turn.history if h.agent and h.agent not in ("smalltalk", "handoff")})
    lines = [f'Customer {turn.customer.display_name} asked for a person: "{turn.text[:200]}"']
    if said:
        lines.append("Recent messages: " + " | ".join(s[:120] for s in said))
    if topics:
        lines.append("Topics so far: " + ", ".join(topics))
    return "\n".join(lines)


def _queue_line(ahead: int) -> str:
    if ahead == 0:
        return "You are next in line."
    return "There is 1 customer ahead of you." if ahead == 1 else f"There are {ahead} customers ahead of you."


def _ahead(ctx: FlowContext, handoff_id: int | None) -> int:
    """Other customers queued before this hand-off (the customer's own requests in other chats are no one ahead)."""
    if handoff_id is None:
        return 0
    earlier = select(func.count(distinct(col(Handoff.user_id)))).where(
        Handoff.status == "queued", col(Handoff.id) < handoff_id, Handoff.user_id != ctx.owner
    )
    return int(ctx.db.exec(earlier).one())


def open_handoff(db: Db, session_id: str, *, lock: bool = False) -> Handoff | None:
    """The conversation's queued or claimed hand-off, if any (its row locked for update when ``lock``).

    The one query for it: the flows here and the manager's services (``services/handoffs.py``) share it.
    """
    query = select(Handoff).where(Handoff.session_id == session_id, col(Handoff.status).in_(OPEN))
    return db.exec(query.with_for_update() if lock else query).first()


FRAUD_CASE = "Suspected fraud"
"""How the reason of every hand-off to the fraud team about a card starts (``fraud_case``)."""


def fraud_case(last4: str) -> str:
    """How the reason of a hand-off to the fraud team about a card starts: staff read it first, and while
    it is open only that team unfreezes the card."""
    return f"{FRAUD_CASE} on the card ending {last4}: "


def has_open_fraud_case(db: Db, owner: int, last4: str) -> bool:
    """Whether the customer reported fraud on the card ending ``last4`` and the fraud team has not closed it."""
    query = select(Handoff.id).where(
        Handoff.user_id == owner, col(Handoff.status).in_(OPEN), col(Handoff.reason).startswith(fraud_case(last4))
    )
    return db.exec(query).first() is not None


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    return queue(ctx)


def is_open(now: datetime) -> bool:
    """Whether the team is at work at ``now`` (timezone-aware): 8am to 8pm, UK time."""
    return OPENS <= now.astimezone(UK).hour < CLOSES


def queue(ctx: FlowContext, *, team: str = "a member of our team", urgent_hint: bool = True, case: str = "") -> Outcome:
    """Queue the conversation once (asking twice keeps one place in the queue), and say what happens next.

    ``urgent_hint``: offer to freeze a lost card meanwhile (not after the fraud flow has frozen one).
    ``case``: what the reason starts with (``fraud_case``), also on a hand-off that was queued before."""
    queued = open_handoff(ctx.db, ctx.turn.session_id)
    already = queued is not None
    if queued is None:
        queued = Handoff(
            session_id=ctx.turn.session_id,
            user_id=ctx.owner,
            reason=(case + ctx.turn.text)[:500],
            summary=summary_of(ctx.turn),
        )
        ctx.db.add(queued)
    elif not queued.reason.startswith(case):
        queued.reason = (case + queued.reason)[:500]
    queued.updated_at = utcnow()
    ctx.db.flush()
    if is_open(clock()):
        when = f"a colleague will reply right here in this chat. {_queue_line(_ahead(ctx, queued.id))}"
    else:
        when = f"{AWAY}."
    urgent = "\n- **Urgent?** If your card was lost or stolen, say **freeze my card** and I'll block it right now."
    asked = (
        "You're already in the queue: a colleague will see this whole conversation, so nothing is lost."
        if already
        else f"I've asked {team} to join this conversation and shared a short summary with them, "
        "so you won't have to repeat yourself."
    )
    text = f"{asked}\n\n- **What happens next:** {when}\n- **Opening hours:** {HOURS}." + (
        urgent if urgent_hint else ""
    )
    return Outcome(text, ({"tool": "queue_handoff", "handoff_id": queued.id},))


def _waiting_answer(ctx: FlowContext, filled: Filled) -> Outcome:
    """After a hand-off: "how long will that take?"."""
    queued = open_handoff(ctx.db, ctx.turn.session_id)
    if queued is None:
        return Outcome("Nobody is waiting to join this conversation. Say **talk to a person** if you'd like one.")
    if queued.status == "claimed":
        return Outcome("A colleague has already joined this conversation and will reply here.")
    if not is_open(clock()):
        return Outcome(
            f"You're in the queue, and {AWAY}. {TYPICAL_WAIT}. Opening hours are {HOURS}.",
            ({"tool": "handoff_wait", "handoff_id": queued.id},),
        )
    text = f"You're in the queue. {TYPICAL_WAIT}. {_queue_line(_ahead(ctx, queued.id))} Opening hours are {HOURS}."
    return Outcome(text, ({"tool": "handoff_wait", "handoff_id": queued.id},))


def _withdraw(ctx: FlowContext, filled: Filled) -> Outcome:
    """ "never mind, cancel the request for a person": a queued hand-off is closed; one a colleague has taken
    stays (they are already here); a fraud case stays with the fraud team."""
    queued = open_handoff(ctx.db, ctx.turn.session_id, lock=True)
    if queued is None:
        return Outcome("Nobody was waiting to join this conversation, so there's nothing to cancel.")
    if queued.status == "claimed":
        return Outcome("A colleague has already joined this conversation: just tell them here that you're sorted.")
    if queued.reason.startswith(FRAUD_CASE):
        return Outcome(
            "Your fraud report stays with our fraud team, who will still check the payments and your card. "
            "If you've found the payment was yours after all, tell them here when they join."
        )
    queued.status, queued.closed_at, queued.updated_at = "closed", utcnow(), utcnow()
    ctx.db.flush()
    text = "Okay, I've cancelled your request to talk to a person. Say **talk to a person** if you change your mind."
    return Outcome(text, ({"tool": "withdraw_handoff", "handoff_id": queued.id},))


HANDOFF = Flow(
    name="handoff",
    purpose="Bring a person from the bank's team into this conversation.",
    agent="handoff",
    starts=frozenset({"human_handoff"}),
    act=_act,
)

HANDOFF_WAIT = Flow(
    name="handoff_wait",
    purpose="Say how long until a colleague joins (a follow-up to a hand-off).",
    agent="handoff",
    starts=frozenset(),
    act=_waiting_answer,
)

WITHDRAW_HANDOFF = Flow(
    name="withdraw_handoff",
    purpose="The customer no longer needs a person: the queued hand-off is cancelled (nothing else changes).",
    agent="handoff",
    act=_withdraw,
)
