"""Payees: who the customer can pay (the list of saved payees), or one payee's details ("bob's sort code")."""

from __future__ import annotations

from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Slot
from bankchat.agents.flows.values import PayeeRef, to_json
from bankchat.agents.tables import table
from bankchat.agents.types import Subject
from bankchat.bank import payees as bank_payees
from bankchat.bank.payees import PayeeView

PAYEE = Slot("payee", (PayeeRef,), fills=("payee",), description="One saved payee asked about; none: all of them.")
CHANGES = (
    "To add one, say e.g. **add Tom Smith as a payee, sort code 20-00-00, account 12345678** (or give an IBAN); "
    "**rename bob to Bobby** or **remove bob from my payees** change the list."
)
MASKED = (
    "Only the last digits of a payee's details are kept, so that is all I can show; the full details "
    "are with the payee (or on the payment you made them)."
)


def _details(payee: PayeeView) -> str:
    """One payee's masked bank details ("what's bob's sort code?")."""
    known_as = f" (“{payee.nickname}”)" if payee.nickname else ""
    bank = f" banks with {payee.bank_name}" if payee.bank_name else ""
    abroad = payee.sort_code.startswith("IBAN")  # an account abroad: "IBAN DE", no sort code
    where = f"{payee.sort_code} account" if abroad else f"sort code {payee.sort_code}, account"
    return (
        f"**{payee.name}**{known_as}{bank}: {where} {payee.masked_account}.\n\n{MASKED}\n\n"
        f"To pay them, say e.g. **send 20 to {payee.name.split()[0]}**."
    )


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    named = filled.get("payee", PayeeRef)
    if named is not None:
        payee = bank_payees.get_payee(db=ctx.db, owner_id=ctx.owner, payee_id=named.id)
        return Outcome(_details(payee), ({"tool": "get_payee", "payee": payee.id},))
    payees = bank_payees.list_payees(db=ctx.db, owner_id=ctx.owner)
    action = {"tool": "list_payees", "payees": len(payees)}
    if not payees:
        return Outcome(f"You have no saved payees yet. {CHANGES}", (action,))
    rows = [(p.name, p.nickname or "", p.bank_name or "—", f"{p.sort_code} {p.masked_account}") for p in payees]
    text = (
        f"You have {len(payees)} saved payee{'s' if len(payees) != 1 else ''}:\n\n"
        + table(["Name", "Nickname", "Bank", "Account"], rows, "llll")
        + f"\n\nTo pay one, say e.g. **send 20 to {payees[0].name.split()[0]}**. {CHANGES}"
    )
    items = tuple(Subject("list_payees", {"payee": to_json(PayeeRef(p.id))}) for p in payees)
    return Outcome(text, (action,), items)


LIST_PAYEES = Flow(
    name="list_payees",
    purpose="Show the customer's saved payees, or one payee's (masked) bank details.",
    agent="transfers",
    slots=(PAYEE,),
    act=_act,
)
