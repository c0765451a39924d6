"""Suspected fraud: freeze the card at once (it can be undone) and bring in a person from the fraud team."""

from __future__ import annotations

from bankchat.agents.flows import handoff
from bankchat.agents.flows.cards import CARD, label
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Problem, Slot
from bankchat.agents.flows.values import CardRef
from bankchat.bank import cards as bank_cards
from bankchat.bank.cards import CardView
from bankchat.errors import CardActionRejected


def _which(ctx: FlowContext, filled: Filled, slot: Slot) -> str | Problem:
    cards = [c for c in bank_cards.list_cards(db=ctx.db, owner_id=ctx.owner) if c.status != "lost"]
    if not cards:
        return Problem(None, _team_only(ctx).text)
    names = " or ".join(f"your **{label(c)}**" for c in cards)
    return f"I'll freeze the card straight away. Which one: {names}?"


def _team_only(ctx: FlowContext, *, frozen: CardView | None = None) -> Outcome:
    case = handoff.fraud_case(frozen.last4) if frozen is not None else ""
    return handoff.queue(ctx, team="our fraud team", urgent_hint=frozen is None, case=case)


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    card_ref = filled.get("card", CardRef)
    assert card_ref is not None
    card = bank_cards.get_card(db=ctx.db, owner_id=ctx.owner, card_id=card_ref.id)
    action = {"tool": "freeze_card", "card_id": card.id, "reason": "suspected_fraud"}
    try:
        changed = bank_cards.freeze_card(db=ctx.db, owner_id=ctx.owner, card_id=card.id).changed
        done = f"I've **frozen** your **{label(card)}**" if changed else f"Your **{label(card)}** is already **frozen**"
        frozen = f"{done}: no new payments or withdrawals will go through."
    except CardActionRejected as exc:
        frozen = f"{exc.detail}."
    team = _team_only(ctx, frozen=card)
    text = (
        f"{frozen} Freezing it doesn't stop you disputing a payment. Our fraud team will unfreeze it, or send you "
        f"a replacement, once they've checked the payments.\n\n{team.text}"
    )
    return Outcome(text, (action, *team.actions))


REPORT_FRAUD = Flow(
    name="report_fraud",
    purpose="Suspected fraud or a payment the customer didn't make: freeze the card now and bring in the fraud team.",
    agent="cards",
    starts=frozenset(
        {"report_fraud", "compromised_card", "card_payment_not_recognised", "cash_withdrawal_not_recognised"}
    ),
    slots=(CARD,),
    urgent=True,
    stops_payments=True,
    ask=_which,
    act=_act,
)
