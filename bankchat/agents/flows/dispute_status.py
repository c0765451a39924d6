"""Dispute status: "what's happening with my dispute" shows the customer's cases (open, refunded, rejected)."""

from __future__ import annotations

from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome
from bankchat.bank import disputes as bank_disputes
from bankchat.bank.disputes import DisputeView
from bankchat.bank.money import format_cents

SHOWN_CASES = 5
"""Cases listed at most, newest first."""


def status_line(case: DisputeView) -> str:
    """How a case stands, in a sentence or two (with the refund and the team's note once decided)."""
    if case.status == "refunded":
        when = f" on {case.decided_at:%d %b}" if case.decided_at else ""
        done = (
            f"**Refunded**{when}: {format_cents(case.amount_cents, case.currency)} is back in your {case.account_name}."
        )
    elif case.status == "rejected":
        done = "**Rejected**."
    elif case.reopened_at is not None:
        return "**Open again**: our team is looking at it again with your new information."
    else:
        return "**Open**: our team is looking into it."
    return done + (f" Our team's note: _{case.staff_note}_" if case.staff_note else "")


def _status(ctx: FlowContext, filled: Filled) -> Outcome:
    cases = bank_disputes.list_disputes(db=ctx.db, owner_id=ctx.owner)
    named = [c for c in cases if c.reference in ctx.turn.text.upper()]
    if named:
        cases = named
    elif "DS-" in ctx.turn.text.upper():
        return Outcome("I couldn't find a dispute with that reference.", ({"tool": "list_disputes", "found": 0},))
    if not cases:
        return Outcome(
            "You have no disputes with us. To dispute a payment, say **I don't recognise a payment**.",
            ({"tool": "list_disputes", "found": 0},),
        )
    rows = [
        f"- **{c.reference}**: {format_cents(c.amount_cents, c.currency)} to {c.merchant} on {c.value_date:%d %b}. "
        f"{status_line(c)}"
        for c in cases[:SHOWN_CASES]
    ]
    heading = "Your dispute:" if len(cases) == 1 else "Your disputes, newest first:"
    return Outcome(heading + "\n\n" + "\n".join(rows), ({"tool": "list_disputes", "found": len(cases)},))


DISPUTE_STATUS = Flow(
    name="dispute_status",
    purpose="How the customer's dispute cases stand: open, refunded or rejected (with the team's note).",
    agent="transactions",
    act=_status,
)
