"""Standing orders: "pay my landlord 900 every month" is never sent as a one-off; chat can't set one up yet."""

from __future__ import annotations

from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Slot
from bankchat.agents.flows.transfer import target_name
from bankchat.agents.flows.values import AccountRef, Money, PayeeRef
from bankchat.bank.money import format_cents

AMOUNT = Slot("amount", (Money,), fills=("amount",), description="The amount of each payment, if said.")
TARGET = Slot("target", (AccountRef, PayeeRef), fills=("destination",), description="Who is paid, if said.")


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    amount, name = filled.get("amount", Money), target_name(ctx, filled)
    said = (format_cents(amount.cents) if amount else "", f"to {name}" if name else "")
    what = " ".join(part for part in said if part)
    order = f"a standing order ({what})" if what else "a standing order"
    once = f"pay {name.split(' ')[0].lower()} {_typed(amount.cents)}" if name and amount else "make a transfer"
    text = (
        f"I can't set up, change or cancel {order} in chat yet, and nothing was sent. You can manage standing "
        "orders in the BankChat app under **Payments → Standing orders**.\n\n"
        f"I can send a one-off payment now: say **{once}**."
    )
    return Outcome(text, ({"tool": "standing_order", "step": "declined"},))


def _typed(cents: int) -> str:
    """An amount as a customer types it: "900", "900.50"."""
    pounds, pence = divmod(cents, 100)
    return f"{pounds}.{pence:02d}" if pence else str(pounds)


STANDING_ORDER = Flow(
    name="standing_order",
    purpose="Explain that standing orders are managed in the app, not in chat; never send a one-off instead.",
    agent="transfers",
    slots=(AMOUNT, TARGET),
    act=_act,
)
