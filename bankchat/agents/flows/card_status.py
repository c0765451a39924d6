"""Card status: a question about a card ("is my mastercard frozen?") is answered, never acted on."""

from __future__ import annotations

from bankchat.agents.flows.cards import label
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Slot
from bankchat.agents.flows.values import CardRef
from bankchat.bank import cards as bank_cards

CARD = Slot("card", (CardRef,), fills=("card",), description="The card asked about; none: every card.")
STATUS = {
    "active": "active",
    "frozen": "**frozen** (no payments go through)",
    "lost": "**blocked** for good, and its replacement, with a new number, is on its way (3-5 business days from "
    "the report; there's no need to order another)",
}


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    cards = bank_cards.list_cards(db=ctx.db, owner_id=ctx.owner)
    named = filled.get("card", CardRef)
    shown = [c for c in cards if named is None or c.id == named.id] or cards
    action = {"tool": "list_cards", "shown": [c.id for c in shown]}
    if not shown:
        return Outcome("You don't have any cards with us.", (action,))
    lines = [f"Your {label(c)} is {STATUS.get(c.status, c.status)}." for c in shown]
    changeable = any(c.status != "lost" for c in shown)  # a card blocked for good can't be unfrozen
    hint = "Say **freeze my card** or **unfreeze my card** to change that; nothing was changed."
    return Outcome("\n\n".join([*lines, hint if changeable else "Nothing was changed."]), (action,))


CARD_STATUS = Flow(
    name="card_status",
    purpose="Say whether the customer's cards are active, frozen or blocked (a question, never an action).",
    agent="cards",
    slots=(CARD,),
    act=_act,
)
