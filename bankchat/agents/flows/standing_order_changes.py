"""The customer's standing orders in chat: list them, amend one, cancel one (both read back and confirmed), and
explain a payment that was skipped ("why wasn't my rent paid?").

A standing order is named by whom it pays ("the one to mum", "my landlord") or by a word of its
reference ("my rent one"); with only one, it needs no name.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re

from bankchat.agents.flows import direct_debits, payment_slots
from bankchat.agents.flows.refusals import refusal, sentence
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Problem, Slot
from bankchat.agents.flows.standing_orders import ending, long_date, schedule_of
from bankchat.agents.flows.values import AccountRef, Money, PayeeRef, from_json
from bankchat.agents.money import read_amount
from bankchat.agents.schedule_words import OPEN_ENDED, end_date, read_end, read_schedule, reads_day, reads_end
from bankchat.agents.tables import table
from bankchat.bank import approvals
from bankchat.bank import payees as bank_payees
from bankchat.bank import standing_orders as bank_orders
from bankchat.bank.money import format_cents
from bankchat.bank.standing_order_approvals import amendment_approval_for
from bankchat.bank.standing_orders import StandingOrderView
from bankchat.errors import PayeeNotFound, StandingOrderNotFound, StandingOrderRejected

TARGET = payment_slots.target("Whom the standing order pays (names which one).", required=False)
ORDER = Slot("order", (int,), required=True, description="Which of the customer's standing orders (its ID).")
NEW_AMOUNT = payment_slots.amount("The new amount of each payment.")
NEW_DAY = Slot("schedule", (str,), reads=reads_day, description="A new day (and frequency) for it to go out, if said.")
NEW_END = Slot(
    "end", (str,), reads=reads_end, description="When it stops from now on, if said (as the set-up's ``end``)."
)
SET_UP_HINT = "To set one up, say e.g. **pay mum 50 on the 1st of every month**."
_ALIASES = {"rent": ("landlord", "rent", "letting"), "mortgage": ("mortgage",), "savings": ("savings",)}
"""Words that name a standing order by what it is for ("my rent one": the one to the landlord)."""


def _orders(ctx: FlowContext, *, include_cancelled: bool = False) -> list[StandingOrderView]:
    return bank_orders.list_standing_orders(db=ctx.db, owner_id=ctx.owner, include_cancelled=include_cancelled)


def _matching(ctx: FlowContext, filled: Filled, orders: list[StandingOrderView]) -> list[StandingOrderView]:
    """The orders the customer names: by whom they pay, else by a word of the message; all when none is named."""
    target = filled.values.get("target")
    if isinstance(target, PayeeRef):
        return [o for o in orders if o.payee_id == target.id]
    if isinstance(target, AccountRef):
        return [o for o in orders if o.target_account_id == target.id]
    words = set(re.findall(r"[a-z]+", ctx.turn.text.lower()))
    named = [o for o in orders if words & _names(ctx, o)]
    return named or orders


def _names(ctx: FlowContext, order: StandingOrderView) -> set[str]:
    """The words an order goes by: its payee's nickname and first name, its reference, what it is for."""
    names = set(re.findall(r"[a-z]+", f"{order.reference} {order.target_name}".lower())) - {"the", "to", "of", "and"}
    if order.payee_id is not None:
        with contextlib.suppress(PayeeNotFound):  # a removed payee: named by the words above only
            names.add(bank_payees.get_payee(db=ctx.db, owner_id=ctx.owner, payee_id=order.payee_id).nickname.lower())
    for word, means in _ALIASES.items():
        if any(m in " ".join(names) for m in means):
            names.add(word)
    return names


def _pick(ctx: FlowContext, filled: Filled) -> Filled:
    """``order``: the one standing order the message names (or the only one)."""
    if filled.has("order") and not filled.has("target") and not _names_one(ctx):
        return filled
    found = _matching(ctx, filled, _orders(ctx))
    return filled.with_values({"order": found[0].id}) if len(found) == 1 else filled.without("order")


def _names_one(ctx: FlowContext) -> bool:
    words = set(re.findall(r"[a-z]+", ctx.turn.text.lower()))
    return any(words & _names(ctx, o) for o in _orders(ctx))


def _chosen(ctx: FlowContext, filled: Filled) -> StandingOrderView:
    order_id = filled.get("order", int)
    assert order_id is not None
    return bank_orders.get_standing_order(db=ctx.db, owner_id=ctx.owner, order_id=order_id)


def _which(ctx: FlowContext, filled: Filled, verb: str) -> str | Problem:
    orders = _orders(ctx)
    if not orders:
        return Problem(None, f"You have no standing orders to {verb}. {SET_UP_HINT}")
    options = ", ".join(
        f"**{o.target_name}** ({format_cents(o.amount_cents, o.currency)} {o.schedule}"
        f"{f', until {long_date(o.end_date)}' if o.end_date else ''})"
        for o in orders
    )
    return f"Which standing order should I {verb}? You have: {options}."


def describe(order: StandingOrderView) -> str:
    """ "£50.00 to Mum on the 1st of every month"."""
    return f"{format_cents(order.amount_cents, order.currency)} to {order.target_name} {order.schedule}"


# --- list -------------------------------------------------------------------------------------------------------


_REGULAR = re.compile(r"\b(?:regular|recurring|repeat(?:ing)?)\s+(?:payments?|bills?|outgoings)\b", re.IGNORECASE)
"""Regular payments asked about, not standing orders by name: the companies paid each month belong in the answer."""


def _list(ctx: FlowContext, filled: Filled) -> Outcome:
    listed = _listed(ctx)
    if not _REGULAR.search(ctx.turn.text) or "standing" in ctx.turn.text.lower():
        return listed
    companies = direct_debits.regular_companies(ctx)  # "what are my regular payments": both kinds
    return Outcome(f"{listed.text}\n\n{companies.text}", (*listed.actions, *companies.actions))


def _listed(ctx: FlowContext) -> Outcome:
    orders = _orders(ctx)
    action = {"tool": "list_standing_orders", "standing_orders": len(orders)}
    if not orders:
        return Outcome(f"You have no standing orders. {SET_UP_HINT}", (action,))
    rows = [
        (
            o.target_name,
            format_cents(o.amount_cents, o.currency),
            o.schedule,
            long_date(o.next_due) if o.next_due else "ended",
        )
        for o in orders
    ]
    notes = []
    for order in orders:
        runs = bank_orders.recent_runs(db=ctx.db, owner_id=ctx.owner, order_id=order.id, limit=1)
        if runs and runs[0].outcome == "skipped":
            notes.append(
                f"- The payment to {order.target_name} on {long_date(runs[0].due_date)} was skipped: "
                + sentence(runs[0].detail).strip()
            )
    first = orders[0].target_name.split(" ")[0].lower()
    text = (
        f"You have {len(orders)} standing order{'s' if len(orders) != 1 else ''}:\n\n"
        + table(["To", "Amount", "When", "Next payment"], rows, "lrll")
        + ("\n\n" + "\n".join(notes) if notes else "")
        + f"\n\nTo change one, say e.g. **change the standing order to {first} to 60**; to stop one, "
        f"**cancel the standing order to {first}**. {SET_UP_HINT}"
    )
    return Outcome(text, (action,))


LIST_STANDING_ORDERS = Flow(
    name="list_standing_orders",
    purpose="Show the customer's standing orders: whom they pay, how much, when, and the next payment.",
    agent="transfers",
    act=_list,
)


# --- amend ------------------------------------------------------------------------------------------------------


def _amend_prepare(ctx: FlowContext, filled: Filled) -> Filled:
    filled = _pick(ctx, filled)
    pending = ctx.turn.pending
    waiting = pending if pending is not None and pending.flow == AMEND_STANDING_ORDER.name else None
    ends = read_end(ctx.turn.text, ctx.today)
    # "change my rent one to 950": "to 950" is no destination here; "for 6 months": 6 is no amount
    said = read_amount(ctx.turn.text.replace(ends.said, " ") if ends.said else ctx.turn.text).cents
    if said is not None and (ends.said or not filled.has("amount")):
        filled = filled.with_values({"amount": Money(said)})
    elif ends.said:  # the amount waiting before this message, or (below) the order's own
        kept = from_json(waiting.slots.get("amount")) if waiting is not None else None
        filled = filled.with_values({"amount": kept if isinstance(kept, Money) else None})
    answering = waiting is not None and waiting.asking == "schedule"  # "fridays" answers "which day?"
    words = read_schedule(ctx.turn.text, ctx.today, answering=answering)
    if words.encoded:
        filled = filled.with_values({"schedule": words.encoded})
    if ends.encoded:
        filled = filled.with_values({"end": ends.encoded})
    changes = filled.has("schedule") or filled.has("end") or words.frequency  # "make it weekly": the day is asked
    if changes and not filled.has("amount") and filled.has("order"):
        filled = filled.with_values({"amount": Money(_chosen(ctx, filled).amount_cents)})  # the amount stays
    return filled


def _changes(ctx: FlowContext, filled: Filled) -> bank_orders.StandingOrderChanges:
    """The slots as the bank takes them; an end said as a count ("for 6 months") counts from the next payment."""
    amount, schedule, end = filled.get("amount", Money), schedule_of(filled), filled.get("end", str)
    changes = bank_orders.StandingOrderChanges(
        amount_cents=amount.cents if amount else None,
        day=schedule.day if schedule else None,
        frequency=schedule.frequency if schedule else None,
    )
    if end is None:
        return changes
    order_id = filled.get("order", int)
    assert order_id is not None
    plan = bank_orders.check_amendment(
        db=ctx.db, owner_id=ctx.owner, order_id=order_id, changes=changes, today=ctx.today
    )
    last = end_date(end, plan.request.schedule, plan.first_due)
    return dataclasses.replace(changes, end_date=last, open_ended=last is None)


def _amend_ask(ctx: FlowContext, filled: Filled, slot: Slot) -> str | Problem:
    if slot is ORDER:
        return _which(ctx, filled, "change")
    order = _chosen(ctx, filled)
    if slot is NEW_DAY:
        return (
            f"Your standing order is {describe(order)}. Which day should it go out from now on? Say e.g. "
            "**monthly on the 15th** or **weekly on Fridays**."
        )
    return f"Your standing order is {describe(order)}. What should each payment be from now on?"


def _amend_plan(ctx: FlowContext, filled: Filled) -> bank_orders.StandingOrderPlan:
    order_id = filled.get("order", int)
    assert order_id is not None
    return bank_orders.check_amendment(
        db=ctx.db, owner_id=ctx.owner, order_id=order_id, changes=_changes(ctx, filled), today=ctx.today
    )


def _amend_check(ctx: FlowContext, filled: Filled) -> Problem | None:
    words, ends = read_schedule(ctx.turn.text, ctx.today), read_end(ctx.turn.text, ctx.today)
    if words.problem or ends.problem:  # "on the 32nd", "until 31 february"
        return Problem(None, f"{words.problem or ends.problem} Nothing was changed.")
    if words.frequency and words.day is None and not filled.has("schedule"):  # "make it weekly"
        return Problem("schedule", f"A {words.frequency} standing order needs its day.")
    try:
        _amend_plan(ctx, filled)
    except StandingOrderNotFound:
        return Problem("order", "I couldn't find that standing order.")
    except StandingOrderRejected as exc:
        slot = "amount" if exc.reason in ("over_limit", "invalid_amount") else None
        return refusal(exc.detail, slot, "Nothing was changed.")
    return None


def _amend_read_back(ctx: FlowContext, filled: Filled) -> str:
    order, plan = _chosen(ctx, filled), _amend_plan(ctx, filled)
    before = describe(order) + (f", until {long_date(order.end_date)}" if order.end_date else "")
    after = f"{format_cents(plan.request.amount_cents, plan.currency)} to {plan.target_name} {plan.schedule_text}"
    return (
        f"Please confirm this change to your standing order:\n\n- **Now:** {before}\n- **From then on:** {after}\n"
        f"- **Next payment:** {long_date(plan.first_due)}\n\n{ending(plan.request, plan.first_due)} "
        "Reply **yes** to change it or **no** to keep it as it is."
    )


def _amend_approval(ctx: FlowContext, filled: Filled) -> approvals.Operation | None:
    """The order as amended, when it needs approval as a new one would (bound to this order and its new terms)."""
    order_id = filled.get("order", int)
    if order_id is None:
        return None
    try:
        return amendment_approval_for(
            db=ctx.db, owner_id=ctx.owner, order_id=order_id, changes=_changes(ctx, filled), today=ctx.today
        )
    except (StandingOrderRejected, StandingOrderNotFound):
        return None  # refused anyway: the check says why


def _amend_waiting(ctx: FlowContext, filled: Filled) -> str:
    """ "your change to the standing order to Mum" (in a reminder while it waits)."""
    if filled.has("order"):
        with contextlib.suppress(StandingOrderNotFound):
            return f"your change to the standing order to {_chosen(ctx, filled).target_name}"
    return "your change to a standing order"


def _amend_act(ctx: FlowContext, filled: Filled) -> Outcome:
    order_id = filled.get("order", int)
    assert order_id is not None
    try:
        view = bank_orders.amend_standing_order(
            db=ctx.db, owner_id=ctx.owner, order_id=order_id, changes=_changes(ctx, filled), today=ctx.today
        )
    except (StandingOrderRejected, StandingOrderNotFound) as exc:
        text = f"I couldn't change that standing order: {sentence(exc.detail)}Nothing was changed."
        return Outcome(text, ({"tool": "amend_standing_order", "step": "rejected"},))
    next_due = f" The next payment is on **{long_date(view.next_due)}**." if view.next_due else ""
    last = f" It stops after {long_date(view.end_date)}." if view.end_date else ""
    if filled.get("end", str) == OPEN_ENDED:
        last = " It carries on until you cancel it."
    text = f"Done! Your standing order is now **{describe(view)}**.{next_due}{last}"
    return Outcome(text, ({"tool": "amend_standing_order", "step": "amended", "standing_order": view.id},))


AMEND_STANDING_ORDER = Flow(
    name="amend_standing_order",
    purpose="Change the amount, the day, the frequency or the end date of one of the customer's standing orders, "
    "after a read-back, a yes and (over the approval threshold, or to a new payee) an approval.",
    agent="transfers",
    slots=(TARGET, ORDER, NEW_AMOUNT, NEW_DAY, NEW_END),
    confirm=True,
    prepare=_amend_prepare,
    ask=_amend_ask,
    check=_amend_check,
    read_back=_amend_read_back,
    approval=_amend_approval,
    waiting=_amend_waiting,
    cancelled="Okay, I've left your standing order as it was. Nothing was changed.",
    assent=("change it", "update it", "make the change"),
    act=_amend_act,
)


# --- cancel -----------------------------------------------------------------------------------------------------


def _cancel_read_back(ctx: FlowContext, filled: Filled) -> str:
    order = _chosen(ctx, filled)
    after = f" (the next one was due on {long_date(order.next_due)})" if order.next_due else ""
    return (
        f"Cancel your standing order of **{describe(order)}**? No payments are made after that{after}.\n\n"
        "Reply **yes** to cancel it or **no** to keep it."
    )


def _cancel_check(ctx: FlowContext, filled: Filled) -> Problem | None:
    try:
        _chosen(ctx, filled)
    except StandingOrderNotFound:
        return Problem("order", "I couldn't find that standing order.")
    return None


def _cancel_act(ctx: FlowContext, filled: Filled) -> Outcome:
    order_id = filled.get("order", int)
    assert order_id is not None
    try:
        view = bank_orders.cancel_standing_order(db=ctx.db, owner_id=ctx.owner, order_id=order_id)
    except StandingOrderNotFound:
        return Outcome("I couldn't find that standing order; nothing was changed.", ())
    text = f"Done: your standing order of {describe(view)} is cancelled. No more payments will be made."
    return Outcome(text, ({"tool": "cancel_standing_order", "step": "cancelled", "standing_order": view.id},))


CANCEL_STANDING_ORDER = Flow(
    name="cancel_standing_order",
    purpose="Cancel one of the customer's standing orders, after a read-back and a clear yes.",
    agent="transfers",
    slots=(TARGET, ORDER),
    confirm=True,
    prepare=_pick,
    ask=lambda ctx, filled, slot: _which(ctx, filled, "cancel"),
    check=_cancel_check,
    read_back=_cancel_read_back,
    cancelled="Okay, I've kept your standing order. Nothing was changed.",
    assent=("cancel it", "stop it", "cancel the standing order"),
    act=_cancel_act,
)


# --- why was a payment skipped ----------------------------------------------------------------------------------


def _skipped(ctx: FlowContext, filled: Filled) -> Outcome:
    orders = _matching(ctx, filled, _orders(ctx, include_cancelled=True))
    action = {"tool": "standing_order_skipped", "standing_orders": len(orders)}
    if not orders:
        return Outcome(f"You have no standing orders, so none was skipped. {SET_UP_HINT}", (action,))
    lines = []
    for order in orders:
        runs = bank_orders.recent_runs(db=ctx.db, owner_id=ctx.owner, order_id=order.id, limit=1)
        if runs and runs[0].outcome == "skipped":
            run = runs[0]
            after = f" The next one is due on {long_date(order.next_due)}." if order.next_due else ""
            first = order.target_name.split(" ")[0].lower()
            lines.append(
                f"Your standing order of {describe(order)} was **not paid on {long_date(run.due_date)}**: "
                f"{sentence(run.detail)}A skipped payment isn't tried again, so nothing was sent for that date."
                f"{after} To pay it now, say **pay {first} {_typed(order.amount_cents)}**."
            )
        elif runs:
            lines.append(
                f"Your standing order of {describe(order)} was paid on {long_date(runs[0].due_date)} "
                f"(reference {runs[0].transfer_reference})."
            )
        elif order.next_due:
            lines.append(
                f"Your standing order of {describe(order)} hasn't been due yet: the first payment is on "
                f"{long_date(order.next_due)}."
            )
    skipped = any("not paid" in line for line in lines)
    action["skipped"] = skipped
    return Outcome("\n\n".join(lines) or "None of your standing orders has been skipped.", (action,))


def _typed(cents: int) -> str:
    pounds, pence = divmod(cents, 100)
    return f"{pounds}.{pence:02d}" if pence else str(pounds)


STANDING_ORDER_SKIPPED = Flow(
    name="standing_order_skipped",
    purpose="Explain why a standing order payment was not made (e.g. not enough money), and what happens next.",
    agent="transfers",
    slots=(TARGET,),
    act=_skipped,
)
