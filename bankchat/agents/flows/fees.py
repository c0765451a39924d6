"""Fees: what things cost, from the bank's one price list (``bank/fees.py``)."""

from __future__ import annotations

from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome
from bankchat.agents.tables import table
from bankchat.bank.fees import FEES, fees_named


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    named = fees_named(ctx.turn.text)
    if named:
        first = named[0]
        text = f"**{first.name}:** {first.price}."
        if len(named) > 1:
            text += "\n\nRelated: " + "; ".join(f"{f.name.lower()}: {f.price}" for f in named[1:3]) + "."
        return Outcome(text, ({"tool": "fees", "fee": first.name},))
    text = "Here is our price list:\n\n" + table(["Service", "Price"], [(f.name, f.price) for f in FEES], "ll")
    return Outcome(text, ({"tool": "fees", "fee": None},))


FEES_FLOW = Flow(
    name="fees",
    purpose="Say what a service costs, from the one price list.",
    agent="support",
    starts_on=frozenset({"fees"}),
    act=_act,
)
