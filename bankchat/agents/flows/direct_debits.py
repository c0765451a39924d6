"""Direct debits and card subscriptions: how one is set up or stopped, and what the named one last took.

BankChat Bank does not hold the customer's direct-debit mandates in this system, so the flow never pretends
to cancel one: it says where and how, and shows what the ledger knows (the last payments to the merchant
named), with the dispute and the standing order as the next steps it can take itself.
"""

from __future__ import annotations

from bankchat.agents import direct_debit_words
from bankchat.agents.flows import regular_payers
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Slot
from bankchat.agents.tables import table
from bankchat.bank import ledger
from bankchat.bank.money import format_cents

MERCHANT = Slot("merchant", (str,), fills=("merchant",), description="The company the payments go to, if named.")
SHOWN = 3
"""The named merchant's latest payments shown."""

SET_UP = (
    "A **direct debit** is set up by the organisation you pay, not by us: give them your sort code and account "
    "number (say **my account details** to see them) and they send us the instruction. You'll get their "
    "confirmation and notice of each amount before it is taken.\n\n"
    "To pay someone a fixed amount on a schedule you choose, set up a **standing order** instead: say e.g. "
    "**pay mum 50 on the 1st of every month**."
)
STOP = (
    "- **A direct debit**: cancel it under **Payments → Direct debits** in the app, or ask the organisation "
    "to. Nothing more is taken once it's cancelled; tell them too, so you don't fall behind on what you owe.\n"
    "- **A subscription on your card** (streaming, apps, gyms): cancel it with the company itself, as freezing "
    "the card only declines it and may leave you owing them. If they still take money after you've cancelled, "
    "say **dispute a payment** and we'll get it back from them."
)


NONE_REGULAR = (
    "I can't see any company taking a regular monthly payment from you over the last {months} months. Direct debits "
    "themselves are listed under **Payments → Direct debits** in the app."
)
REGULAR = (
    "I can't see your direct debit instructions from here (they're under **Payments → Direct debits** in the app), "
    "but your statement shows these companies taking a payment on about the same day in each of the last {months} "
    "months:"
)
SUBSCRIPTIONS = (
    "Your statement shows these subscriptions taking a payment on about the same day in each of the last {months} "
    "months:"
)
NONE_SUBSCRIBED = (
    "I can't see any subscription taking a regular monthly payment from you over the last {months} months."
)
BILLS = frozenset({"rent", "utilities"})
"""Categories of regular payments that are bills, not subscriptions (rent, council tax, energy, water, phone)."""
BILLS_LEFT_OUT = "Rent and bills ({names}) are left out: say **my direct debits** to see them too."
CARD_ONES = "Those paid by credit card are card subscriptions: a direct debit is always taken from a current account."


def regular_companies(ctx: FlowContext) -> Outcome:
    """The companies paid on about the same day each month, with their latest payment, and how to stop one."""
    start = regular_payers.months_back(ctx.today, regular_payers.WHOLE_MONTHS)
    found = regular_payers.regular_payers(regular_payers.payments_out(ctx.db, ctx.owner, start), ctx.today)
    months = regular_payers.WHOLE_MONTHS
    bills = [p.merchant for p in found if p.latest.category in BILLS]
    subscriptions = direct_debit_words.only_subscriptions(ctx.turn.text)
    if subscriptions:  # "list my subscriptions": not the rent or the council tax
        found = [p for p in found if p.latest.category not in BILLS]
    action = {"tool": "direct_debits", "asked": "list", "found": [p.merchant for p in found]}
    if not found:
        return Outcome((NONE_SUBSCRIBED if subscriptions else NONE_REGULAR).format(months=months), (action,))
    rows = [
        (p.merchant, f"{p.latest.value_date:%d %b}", format_cents(-p.latest.amount_cents), p.latest.account_name)
        for p in found
    ]
    heading = (SUBSCRIPTIONS if subscriptions else REGULAR).format(months=months)
    text = heading + "\n\n" + table(["Company", "Last paid", "Amount", "From"], rows, "llrl")
    if subscriptions and bills:
        text += "\n\n" + BILLS_LEFT_OUT.format(names=", ".join(bills))
    if any(p.latest.account_name.lower().startswith("credit") for p in found):
        text += "\n\n" + CARD_ONES
    example = next((p for p in found if p.latest.category == "subscriptions"), found[0]).merchant
    text += f"\n\nTo stop one, say e.g. **cancel my {example}** and I'll show you how."
    return Outcome(text, (action,))


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    merchant = filled.get("merchant", str)
    text = ctx.turn.text
    asks_how = direct_debit_words.stops(text) or direct_debit_words.sets_up(text)
    if merchant is None and (direct_debit_words.lists(text) or not asks_how):
        return regular_companies(ctx)  # "and last month?" after the list: the list, never how to stop one
    if direct_debit_words.sets_up(ctx.turn.text) and merchant is None:
        return Outcome(SET_UP, ({"tool": "direct_debits", "asked": "set_up"},))
    action = {"tool": "direct_debits", "asked": "stop", "merchant": merchant}
    if merchant is None:
        return Outcome("Here's how to stop a regular payment:\n\n" + STOP, (action,))
    paid = ledger.search_transactions(db=ctx.db, owner_id=ctx.owner, merchant=merchant, direction="out", limit=SHOWN)
    if not paid.items:
        return Outcome(f"I can't see any payments to {merchant}. To stop a regular payment:\n\n" + STOP, (action,))
    lines = "\n".join(f"- {t.value_date:%d %b %Y}: {format_cents(-t.amount_cents)}" for t in paid.items)
    return Outcome(
        f"Your latest payments to **{merchant}**:\n\n{lines}\n\nI can't cancel it from here; to stop it:\n\n" + STOP,
        ({**action, "shown": [t.public_id for t in paid.items]},),
    )


DIRECT_DEBITS = Flow(
    name="direct_debits",
    purpose="Say how a direct debit or card subscription is set up or stopped, with the named one's last payments.",
    agent="transfers",
    slots=(MERCHANT,),
    act=_act,
)
