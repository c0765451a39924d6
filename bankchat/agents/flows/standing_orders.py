"""Set up a standing order in chat: "pay mum 50 on the 1st of every month", read back and confirmed.

The schedule is read from the customer's words (``agents.schedule_words``); the bank checks
everything (``bank.standing_orders.check_standing_order``) before the read-back, and the
confirmed "yes" calls ``create_standing_order``, the one function that sets one up.
"""

from __future__ import annotations

import re
from datetime import date

from bankchat.agents import slots
from bankchat.agents.flows import payment_slots
from bankchat.agents.flows.payment_names import target_name, targets_offered, waiting_payment
from bankchat.agents.flows.refusals import refusal, sentence
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Problem, Slot
from bankchat.agents.flows.values import AccountRef, Money, PayeeRef, from_json
from bankchat.agents.money import read_amount
from bankchat.agents.schedule_words import (
    end_date,
    later_day,
    names_later_day,
    read_end,
    read_schedule,
    reads_day,
    reads_end,
)
from bankchat.agents.types import PendingStep
from bankchat.bank import accounts as bank_accounts
from bankchat.bank import approvals
from bankchat.bank import payees as bank_payees
from bankchat.bank import standing_orders as bank_orders
from bankchat.bank.money import format_cents
from bankchat.bank.schedules import Schedule
from bankchat.bank.standing_order_approvals import approval_for
from bankchat.errors import StandingOrderRejected

AMOUNT = payment_slots.amount("How much each payment is.")
TARGET = payment_slots.target("Who is paid: a saved payee or one of the customer's accounts.")
SCHEDULE = Slot(
    "schedule",
    (str,),
    required=True,
    reads=reads_day,
    description="When it pays: a day of the month (1-31) or a weekday every week.",
)
START = Slot("start", (str,), description="The first day a payment may fall on (YYYY-MM-DD); unsaid: today.")
END = Slot(
    "end",
    (str,),
    reads=reads_end,
    description="When it stops: the last day a payment may fall on (YYYY-MM-DD), or a count (payments:6, "
    "months:6, weeks:6); unsaid: until cancelled.",
)
SOURCE = payment_slots.source("The account it is paid from (checking).", required=False, answerable=False)
REFERENCE = payment_slots.reference("The reference the payee sees (up to 18 characters).")
_REJECTED_SLOT = {
    "invalid_amount": "amount",
    "over_limit": "amount",
    "unknown_payee": "target",
    "unknown_account": "target",
    "same_account": "target",
    "source_not_allowed": "source",
    "invalid_reference": "reference",
    "invalid_end": "end",
}
"""A refusal that another answer can mend asks again for that slot; the others end the flow, nothing set up."""


def schedule_of(filled: Filled) -> Schedule | None:
    """The ``schedule`` slot (``monthly:1``) as a ``Schedule``."""
    value = filled.get("schedule", str)
    if not value or ":" not in value:
        return None
    frequency, _, day = value.partition(":")
    try:
        return Schedule(frequency, int(day))  # type: ignore[arg-type]  # Schedule checks it
    except ValueError:
        return None


ONE_PAYMENT = "payments:1"
"""The ``end`` of a payment made once on a later day ("pay bob 15 on friday"): a standing order that pays once."""


NO_SUCH_DAY = "That day isn't in the calendar. Nothing was set up or sent."


def _no_such_later_day(ctx: FlowContext) -> bool:
    """ "pay bob 10 on 30 february": one later day asked for, and no such day."""
    text = ctx.turn.text
    return not _ours(ctx.turn.pending) and names_later_day(text) and later_day(text, ctx.today) is None


def _ours(pending: PendingStep | None) -> bool:
    return pending is not None and pending.flow == STANDING_ORDER.name


def _prepare(ctx: FlowContext, filled: Filled) -> Filled:
    """The schedule and first date said in this message (one later day: paid once); checking as the usual source;
    "my name" as the reference is the customer's name."""
    filled = payment_slots.own_name_reference(ctx, filled)
    pending = ctx.turn.pending
    answering = _ours(pending) and pending is not None and pending.asking == "schedule"
    words = read_schedule(ctx.turn.text, ctx.today, answering=answering)
    ends = read_end(ctx.turn.text, ctx.today)
    changes: dict[str, object] = {}
    kept = from_json(pending.slots.get("amount")) if _ours(pending) and pending is not None else None
    if words.encoded:
        changes["schedule"] = words.encoded
        if answering and pending is not None and reads_day(ctx.turn.text):  # "15" is a day here, not £15
            changes["amount"] = kept if isinstance(kept, Money) else None
    if ends.encoded:
        changes["end"] = ends.encoded
    if ends.said:  # "for 6 months": 6 is no amount
        own = read_amount(ctx.turn.text.replace(ends.said, " ")).cents
        changes["amount"] = Money(own) if own is not None else kept if isinstance(kept, Money) else None
    if words.start is not None:
        changes["start"] = words.start.isoformat()
    once = later_day(ctx.turn.text, ctx.today) if not _ours(pending) else None
    if once is not None:  # "pay bob 15 on friday": one payment, that day
        changes.update(schedule=f"weekly:{once.weekday()}", start=once.isoformat(), end=ONE_PAYMENT)
    if not filled.has("source"):
        usual = [a for a in bank_accounts.list_accounts(db=ctx.db, owner_id=ctx.owner) if a.kind == "checking"]
        target = filled.get("target", AccountRef)
        usual = [a for a in usual if target is None or a.id != target.id]
        if usual:
            changes["source"] = AccountRef(usual[0].id)
    return filled.with_values(changes, STANDING_ORDER.slots)  # type: ignore[arg-type]


def _ask(ctx: FlowContext, filled: Filled, slot: Slot) -> str | Problem:
    words = read_schedule(ctx.turn.text, ctx.today)
    if words.bad_start:  # "from 30 february": said plainly, nothing set up
        return Problem(None, f"{words.problem} Nothing was set up.")
    if _no_such_later_day(ctx):
        return Problem(None, NO_SUCH_DAY)
    problem = f"{words.problem} " if words.problem else ""
    if slot is AMOUNT:
        where = target_name(ctx, filled)
        return f"{problem}How much should each payment be{f' to {where}' if where else ''}?"
    if slot is TARGET:
        named = slots.recipient_named(ctx.turn.text) or _unknown_name(ctx)
        unknown = f"{named} isn't one of your saved payees. " if named else ""
        return f"{problem}{unknown}Who should the standing order pay? You can pay {targets_offered(ctx)}."
    if slot is SCHEDULE:
        return (
            f"{problem}Which day of the month should it go out? Say e.g. **the 1st** or **the 15th** "
            "(or **every Friday** for a weekly one)."
        )
    if slot is END:  # asked only when the end said was refused ("until 10 december" before the first payment)
        return f"{problem}When should it stop instead? Say e.g. **until June** or **after 6 payments**."
    return "Which account should it be paid from?"


_NAMED = re.compile(
    r"\b(?:pay|to)\s+(?!(?:my|the|a|an|every|each|on|from|me|it|them|savings|checking)\b)([a-z][a-z'-]+)\b", re.I
)


def _unknown_name(ctx: FlowContext) -> str:
    """ "pay zed 50 every month": the name said where a payee goes, when it is none of the customer's."""
    said = _NAMED.search(ctx.turn.text)
    if said is None:
        return ""
    word = said.group(1)
    known = bank_payees.find_payee(db=ctx.db, owner_id=ctx.owner, words=word) or bank_accounts.find_account(
        db=ctx.db, owner_id=ctx.owner, words=word
    )
    return "" if known is not None else word.capitalize()


def request_of(ctx: FlowContext, filled: Filled) -> bank_orders.StandingOrderRequest:
    """The complete slots as the bank takes them."""
    amount, source, target = filled.get("amount", Money), filled.get("source", AccountRef), filled.values["target"]
    schedule = schedule_of(filled)
    assert amount is not None
    assert source is not None
    assert schedule is not None
    start_text, end = filled.get("start", str), filled.get("end", str)
    start = date.fromisoformat(start_text) if start_text else ctx.today
    return bank_orders.StandingOrderRequest(
        source_account_id=source.id,
        amount_cents=amount.cents,
        schedule=schedule,
        start_date=start,
        target_account_id=target.id if isinstance(target, AccountRef) else None,
        payee_id=target.id if isinstance(target, PayeeRef) else None,
        end_date=end_date(end, schedule, schedule.first_on_or_after(start)) if end else None,
        reference=filled.get("reference", str) or "",
    )


def _plan(ctx: FlowContext, filled: Filled) -> bank_orders.StandingOrderPlan:
    return bank_orders.check_standing_order(
        db=ctx.db, owner_id=ctx.owner, request=request_of(ctx, filled), today=ctx.today
    )


def _check(ctx: FlowContext, filled: Filled) -> Problem | None:
    said, ends = read_schedule(ctx.turn.text, ctx.today), read_end(ctx.turn.text, ctx.today)
    if ends.problem:  # "until 31 february"
        return Problem(None, f"{ends.problem} Nothing was set up.")
    if said.problem:  # "from 30 february", "on the 32nd": a date that does not exist
        return Problem(
            None if said.bad_start else "schedule", said.problem + (" Nothing was set up." if said.bad_start else "")
        )
    if _no_such_later_day(ctx):
        return Problem(None, NO_SUCH_DAY)
    if schedule_of(filled) is None:
        return Problem("schedule", "I didn't catch the day it should go out.")
    try:
        _plan(ctx, filled)
    except StandingOrderRejected as exc:
        return refusal(exc.detail, _REJECTED_SLOT.get(exc.reason), "Nothing was set up.")
    return None


def _read_back(ctx: FlowContext, filled: Filled) -> str:
    plan = _plan(ctx, filled)
    if bank_orders.pays_once(plan.request.schedule, plan.first_due, plan.request.end_date):
        return _read_back_once(plan)
    lines = [
        "Please confirm this standing order:",
        "",
        f"- **Amount:** {format_cents(plan.request.amount_cents, plan.currency)} each time",
        f"- **To:** {plan.target_name}",
        f"- **From:** {plan.source_name} ({plan.source_masked_number})",
        f"- **When:** {plan.schedule_text}",
        f"- **First payment:** {long_date(plan.first_due)}",
    ]
    if plan.request.reference:
        lines.append(f"- **Their reference:** {plan.request.reference}")
    lines += [
        "",
        f"{ending(plan.request, plan.first_due)} Reply **yes** to set it up or **no** to cancel.",
    ]
    return "\n".join(lines)


def _read_back_once(plan: bank_orders.StandingOrderPlan) -> str:
    lines = [
        "Please confirm this payment, to go on a later day:",
        "",
        f"- **Amount:** {format_cents(plan.request.amount_cents, plan.currency)}",
        f"- **To:** {plan.target_name}",
        f"- **From:** {plan.source_name} ({plan.source_masked_number})",
        f"- **When:** once, on **{long_date(plan.first_due)}**",
    ]
    if plan.request.reference:
        lines.append(f"- **Their reference:** {plan.request.reference}")
    lines += ["", "Nothing is sent today. Reply **yes** to set it up or **no** to cancel."]
    return "\n".join(lines)


def ending(request: bank_orders.StandingOrderRequest, first: date) -> str:
    """ "It carries on until you cancel it.", or its last payment: "The last payment is on Tuesday 1 June 2027"."""
    if request.end_date is None:
        return "It carries on until you cancel it."
    last = request.schedule.dates(first, request.end_date)[-1]
    return f"The last payment is on **{long_date(last)}**, then it stops."


def _approval(ctx: FlowContext, filled: Filled) -> approvals.Operation | None:
    try:
        return approval_for(db=ctx.db, owner_id=ctx.owner, request=request_of(ctx, filled), today=ctx.today)
    except StandingOrderRejected:
        return None  # refused anyway: the check says why


def _hold(ctx: FlowContext, filled: Filled) -> str:
    return (
        "No problem, nothing has been set up. When you're ready, reply **yes** to set up this standing order, or "
        '**no** to cancel. You can also change it, e.g. "make it 60", "on the 15th instead" or "until June".'
    )


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    """Sets up the confirmed (and, if it needs it, approved) standing order."""
    request = request_of(ctx, filled)
    try:
        view = bank_orders.create_standing_order(db=ctx.db, owner_id=ctx.owner, request=request, today=ctx.today)
    except StandingOrderRejected as exc:
        text = f"I couldn't set up that standing order: {sentence(exc.detail)}Nothing was set up."
        return Outcome(text, ({"tool": "standing_order", "step": "rejected", "detail": exc.reason},))
    assert view.next_due is not None
    if bank_orders.pays_once(request.schedule, view.next_due, request.end_date):
        text = (
            f"Done! **{format_cents(view.amount_cents, view.currency)}** to {view.target_name} will go from "
            f"{view.source_name} on **{long_date(view.next_due)}**. Nothing was sent today.\n\n"
            f"Say **my standing orders** to see it, or **cancel the standing order to "
            f"{view.target_name.split(' ')[0].lower()}** to stop it before then."
        )
        return Outcome(text, ({"tool": "standing_order", "step": "created", "standing_order": view.id},))
    text = (
        f"Done! Your standing order of **{format_cents(view.amount_cents, view.currency)}** to {view.target_name} "
        f"is set up: {view.schedule}, from {view.source_name}. The first payment goes on "
        f"**{long_date(view.next_due)}**.{'' if view.end_date is None else ' ' + ending(request, view.next_due)}\n\n"
        f"Say **my standing orders** to see them all, or **cancel the standing "
        f"order to {view.target_name.split(' ')[0].lower()}** to stop it."
    )
    return Outcome(text, ({"tool": "standing_order", "step": "created", "standing_order": view.id},))


def long_date(day: date) -> str:
    """ "Friday 1 January 2027"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


STANDING_ORDER = Flow(
    name="standing_order",
    purpose="Set up a standing order (a payment that repeats monthly or weekly), after a read-back and a clear yes.",
    agent="transfers",
    slots=(AMOUNT, TARGET, SCHEDULE, START, END, SOURCE, REFERENCE),
    starts=frozenset({"standing_order", "pay_later"}),  # "pay bob 15 on friday": paid once, that day
    confirm=True,
    prepare=_prepare,
    ask=_ask,
    check=_check,
    read_back=_read_back,
    approval=_approval,
    hold=_hold,
    waiting=waiting_payment("standing order"),
    cancelled="Okay, I've cancelled that. No standing order was set up.",
    assent=("set it up", "set up the standing order", "go ahead and set it up"),
    act=_act,
)
