"""Transfer status: "did my 20 to bob go thru?" is answered from the statement, never sent again.

A payment held for a check by our team (four eyes, ``bank/payment_reviews``) is answered from its review:
waiting since when, then sent (with its reference) or not sent and why.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bankchat.agents.flows import payment_slots
from bankchat.agents.flows.payment_names import target_name
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome
from bankchat.agents.flows.values import Money
from bankchat.bank import accounts as bank_accounts
from bankchat.bank import ledger, payment_reviews
from bankchat.bank import transfers as bank_transfers
from bankchat.bank.ledger import TransactionView
from bankchat.bank.money import format_cents
from bankchat.bank.payment_reviews import ReviewView

AMOUNT = payment_slots.amount("The amount sent, if said.", required=False)
TARGET = payment_slots.target("Who it was sent to, if said.", required=False, answerable=False)
LOOK_BACK_DAYS = 90
"""How far back a transfer is looked for."""
ARRIVAL = (
    "Payments to other UK banks usually arrive within two hours, and at the latest by the end of the next "
    "working day. If it still hasn't arrived after that, say **my transfer hasn't arrived** and I'll help."
)


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    amount, name = filled.get("amount", Money), target_name(ctx, filled)
    sent = ledger.search_transactions(
        db=ctx.db,
        owner_id=ctx.owner,
        category="transfer",
        direction="out",
        merchant=name or None,
        start=ctx.today - timedelta(days=LOOK_BACK_DAYS),
        limit=ledger.MAX_PAGE,
    ).items
    found = next((t for t in sent if amount is None or -t.amount_cents == amount.cents), None)
    held = _held(ctx, amount, name)
    if held is not None and (found is None or held.created_at >= found.booked_at):
        return Outcome(held_status(held), ({"tool": "held_payments", "found": held.reference, "status": held.status},))
    action = {"tool": "search_transactions", "category": "transfer", "found": found.public_id if found else None}
    if found is None:
        return Outcome(_not_found(amount, name, sent), (action,))
    when = f"{found.booked_at:%A %d %B}"
    transfer = bank_transfers.transfer_of_entry(db=ctx.db, owner_id=ctx.owner, entry_id=found.id)
    theirs = f"; their reference: \u201c{transfer.memo}\u201d" if transfer and transfer.memo else ""
    text = (
        f"Yes, it went through: **{format_cents(-found.amount_cents)}** left {found.account_name} for "
        f"**{found.merchant}** on {when} (reference `{transfer.reference if transfer else found.public_id}`{theirs})."
    )
    own = found.merchant in {a.name for a in bank_accounts.list_accounts(db=ctx.db, owner_id=ctx.owner)}
    return Outcome(f"{text} {'It arrived in that account at the same moment.' if own else ARRIVAL}", (action,))


def _held(ctx: FlowContext, amount: Money | None, name: str) -> ReviewView | None:
    """The newest payment of the customer's held for a check in the look-back, of that amount to that payee (if
    said), unless it was sent: a sent one is answered from the statement like any transfer."""
    since = ctx.today - timedelta(days=LOOK_BACK_DAYS)
    return next(
        (
            r
            for r in payment_reviews.customer_reviews(ctx.db, owner_id=ctx.owner)
            if r.created_at.date() >= since
            and (amount is None or r.amount_cents == amount.cents)
            and (not name or r.payee_name == name)
            and r.status != "approved"
        ),
        None,
    )


def held_status(review: ReviewView) -> str:
    """Where a held payment is: waiting for a check by our team since when, or not sent and why."""
    what = f"Your payment of **{review.summary}** ({review.reference})"
    if review.status == "pending":
        return (
            f"{what} is **waiting for a check by our team** since {_when(review.created_at)}. Nothing has been "
            "sent yet; I'll tell you here as soon as it's decided, and it goes straight away once it's approved."
        )
    decided = _when(review.decided_at) if review.decided_at else "after our check"
    return f"{what} was **not sent**: our team declined it on {decided}. Their reason: {review.note}"


def _when(moment: datetime) -> str:
    """ "14:05 on Monday 7 December"."""
    return f"{moment:%H:%M} on {moment:%A} {moment.day} {moment:%B}"


def _not_found(amount: Money | None, name: str, sent: list[TransactionView]) -> str:
    what = f"a transfer{f' of {format_cents(amount.cents)}' if amount else ''}{f' to {name}' if name else ''}"
    text = f"I can't find {what} in the last {LOOK_BACK_DAYS} days, so it hasn't been sent."
    if sent and (amount or name):
        latest = sent[0]
        text += (
            f" Your latest transfer{f' to {name}' if name else ''} was **{format_cents(-latest.amount_cents)}** "
            f"to {latest.merchant} on {latest.booked_at:%d %B}."
        )
    if amount and name:
        text += f" To send it now, say **send {format_cents(amount.cents)} to {name}**."
    return text


TRANSFER_STATUS = Flow(
    name="transfer_status",
    purpose="Say whether a transfer the customer made went through, from the statement (never sends anything).",
    agent="transfers",
    slots=(AMOUNT, TARGET),
    act=_act,
)
