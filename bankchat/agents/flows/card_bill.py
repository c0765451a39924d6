"""Pay the credit card bill: the full balance, the minimum or an amount, read back and confirmed."""

from __future__ import annotations

from bankchat.agents.flows import payment_slots
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Problem, Slot
from bankchat.agents.flows.transfer import SOURCE
from bankchat.agents.flows.transfer import TRANSFER as _TRANSFER
from bankchat.agents.flows.values import AccountRef, Money
from bankchat.bank.card_bill import CardBill, card_bills
from bankchat.bank.money import format_cents

PORTION = Slot(
    "portion", (str,), fills=("portion",), answers=("portion",), group="how_much", description="full or minimum"
)
AMOUNT = payment_slots.amount(
    "How much to pay off the card: the full balance, the minimum, or an amount.", group="how_much"
)
"""One group: "pay the minimum" after "pay it off" replaces the amount, "make it 100" the portion."""


def _bill(ctx: FlowContext) -> CardBill | None:
    bills = card_bills(db=ctx.db, owner_id=ctx.owner, today=ctx.today)
    return bills[0] if bills else None


def _prepare(ctx: FlowContext, filled: Filled) -> Filled:
    bill = _bill(ctx)
    portion = filled.get("portion", str)
    if bill is not None and portion and not filled.has("amount"):
        cents = bill.owed_cents if portion == "full" else bill.minimum_cents
        if cents > 0:
            filled = filled.with_values({"amount": Money(cents)})
    if bill is not None:
        filled = filled.with_values({"target": AccountRef(bill.account.id)})
    return _TRANSFER.prepare(ctx, filled) if _TRANSFER.prepare else filled


def describe(bill: CardBill) -> str:
    """The bill in one sentence."""
    if bill.owed_cents == 0:
        return f"Your **{bill.account.name}** is clear: you owe nothing."
    return (
        f"On your **{bill.account.name}** you owe **{format_cents(bill.owed_cents)}**. The minimum payment is "
        f"**{format_cents(bill.minimum_cents)}**, due on **{bill.due:%d %B}**."
    )


def _ask(ctx: FlowContext, filled: Filled, slot: Slot) -> str | Problem:
    bill = _bill(ctx)
    if bill is None:
        return Problem(None, "You don't have a credit card with us.")
    if bill.owed_cents == 0:
        return Problem(None, describe(bill))
    if slot is AMOUNT:
        return (
            f"{describe(bill)}\n\nHow much would you like to pay: the **full balance**, the **minimum**, or an amount?"
        )
    return "Which account should the payment come from?"


def _check(ctx: FlowContext, filled: Filled) -> Problem | None:
    bill, amount = _bill(ctx), filled.get("amount", Money)
    if bill is None:
        return Problem(None, "You don't have a credit card with us.")
    if amount is not None and amount.cents > bill.owed_cents:
        return Problem("amount", f"You only owe {format_cents(bill.owed_cents)} on your {bill.account.name}.")
    return _TRANSFER.check(ctx, filled) if _TRANSFER.check else None


def _read_back(ctx: FlowContext, filled: Filled) -> str:
    assert _TRANSFER.read_back is not None
    return _TRANSFER.read_back(ctx, filled).replace("Please confirm this transfer", "Please confirm this card payment")


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    done = _TRANSFER.act(ctx, filled)
    bill = _bill(ctx)
    after = f"\n\n{describe(bill)}" if bill is not None and "Done!" in done.text else ""
    return Outcome(done.text.replace("I've sent", "I've paid") + after, done.actions)


PAY_CARD_BILL = Flow(
    name="pay_card_bill",
    purpose="Pay off the credit card (full balance, minimum or an amount) and say what is owed and when it is due.",
    agent="transfers",
    slots=(PORTION, AMOUNT, SOURCE, _TRANSFER.slot("target")),  # type: ignore[arg-type]
    confirm=True,
    prepare=_prepare,
    ask=_ask,
    check=_check,
    read_back=_read_back,
    hold=_TRANSFER.hold,
    waiting=lambda ctx, filled: "your card payment",
    cancelled="Okay, I've cancelled that card payment. No money was moved.",
    act=_act,
)
