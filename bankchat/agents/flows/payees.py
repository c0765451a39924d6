"""Payees: who the customer can pay (the list of saved payees)."""

from __future__ import annotations

from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome
from bankchat.agents.tables import table
from bankchat.bank import payees as bank_payees


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    payees = bank_payees.list_payees(db=ctx.db, owner_id=ctx.owner)
    action = {"tool": "list_payees", "payees": len(payees)}
    if not payees:
        return Outcome("You have no saved payees yet.", (action,))
    rows = [(p.name, p.nickname or "", p.bank_name, f"{p.sort_code} {p.masked_account}") for p in payees]
    text = (
        f"You have {len(payees)} saved payee{'s' if len(payees) != 1 else ''}:\n\n"
        + table(["Name", "Nickname", "Bank", "Account"], rows, "llll")
        + f"\n\nTo pay one, say e.g. **send 20 to {payees[0].name.split()[0]}**."
    )
    return Outcome(text, (action,))


LIST_PAYEES = Flow(
    name="list_payees",
    purpose="Show the customer's saved payees.",
    agent="transfers",
    starts_on=frozenset({"list_payees"}),
    act=_act,
)
