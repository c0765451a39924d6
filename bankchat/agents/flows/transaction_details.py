"""Transaction details: one line of the statement, picked from a list just shown ("the 2nd one")."""

from __future__ import annotations

from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Slot
from bankchat.agents.flows.values import TransactionRef
from bankchat.bank import ledger
from bankchat.bank import transfers as bank_transfers
from bankchat.bank.money import format_cents
from bankchat.errors import TransactionNotFound

TRANSACTION = Slot("transaction", (TransactionRef,), description="A line of a list of transactions just shown.")
UNRECOGNISED = "Don't recognise it? Say **I don't recognise this payment** and I'll help you dispute it."


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    ref = filled.get("transaction", TransactionRef)
    if ref is None:
        return Outcome(
            "Which transaction do you mean? Ask for a list first (say **my last 5 transactions**), "
            "then pick one by its place in it (**the 2nd one**)."
        )
    try:
        line = ledger.get_transaction(db=ctx.db, owner_id=ctx.owner, entry_id=ref.id)
    except TransactionNotFound:
        return Outcome("That transaction is no longer on your statement.", ({"tool": "get_transaction"},))
    direction = "money out" if line.amount_cents < 0 else "money in"
    transfer = bank_transfers.transfer_of_entry(db=ctx.db, owner_id=ctx.owner, entry_id=line.id)
    title = line.merchant or line.description
    rows = [
        ("Date", f"{line.value_date:%d %B %Y}"),
        *([("Description", line.description)] if line.description != title else []),
        ("Category", line.category),
        ("Amount", f"{format_cents(line.amount_cents)} ({direction})"),
        ("Account", line.account_name),
        ("Balance after", format_cents(line.balance_after_cents)),
        *([("Transfer reference", f"`{transfer.reference}`")] if transfer else []),
        *([("Their reference", transfer.memo)] if transfer and transfer.memo else []),
        ("Line ID (quote it to our team)", f"`{line.public_id}`"),
    ]
    text = f"**{title}**\n\n" + "\n".join(f"- {name}: {value}" for name, value in rows)
    if line.amount_cents < 0:
        text += f"\n\n{UNRECOGNISED}"
    return Outcome(text, ({"tool": "get_transaction", "transaction": line.public_id},))


TRANSACTION_DETAILS = Flow(
    name="transaction_details",
    purpose="Show one transaction in full, picked from a list just shown.",
    agent="transactions",
    starts=frozenset(),
    slots=(TRANSACTION,),
    act=_act,
)
