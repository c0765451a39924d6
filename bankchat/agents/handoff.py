"""The hand-off specialist: queue the conversation for a human colleague, with a summary."""

from __future__ import annotations

from sqlmodel import select

from bankchat.agents.types import Reply, Turn
from bankchat.db import session_scope
from bankchat.models import Handoff, utcnow

NAME = "handoff"
INTENTS = frozenset({"human_handoff"})


def summary_of(turn: Turn) -> str:
    """A few lines a colleague can read before answering."""
    said = [h.content for h in turn.history if h.role == "user"][-4:]
    topics = sorted({h.agent for h in turn.history if h.agent and h.agent not in ("smalltalk", NAME)})
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


def handle(turn: Turn, intent: str, confidence: float) -> Reply:
    """Queue the conversation once (asking twice keeps one place in the queue)."""
    with session_scope() as db:
        queued = db.exec(
            select(Handoff).where(Handoff.session_id == turn.session_id, Handoff.status.in_(("queued", "claimed")))  # type: ignore[attr-defined]
        ).first()
        if queued is None:
            queued = Handoff(
                session_id=turn.session_id,
                user_id=turn.customer.user_id,
                reason=turn.text[:500],
                summary=summary_of(turn),
            )
            db.add(queued)
        queued.updated_at = utcnow()
        db.flush()
        handoff_id, position = queued.id, db.exec(select(Handoff.id).where(Handoff.status == "queued")).all()
    ahead = sum(1 for other in position if other is not None and handoff_id is not None and other < handoff_id)
    text = (
        "I've asked a member of our team to join this conversation and shared a short summary with them, "
        "so you won't have to repeat yourself.\n\n"
        f"- **What happens next:** a colleague will reply right here in this chat. "
        f"{_queue_line(ahead)}\n"
        "- **Opening hours:** 8am to 8pm, every day. Outside those hours we reply first thing in the morning.\n"
        "- **Urgent?** If your card was lost or stolen, say **freeze my card** and I'll block it right now."
    )
    return Reply(text, NAME, intent, confidence, [{"tool": "queue_handoff", "handoff_id": handoff_id}])
