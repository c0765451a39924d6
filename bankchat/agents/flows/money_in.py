"""Money in: salary, or every payment received ("what was my salary last month", "show my deposits").

Pay from work is what "when was I last paid" asks about; deposits, "what came in" and
"incoming payments" ask about all money in, and the answer says so; "did bob send me anything"
asks about what came from one of the customer's payees.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from bankchat.agents.dates import DateRange, when_phrase
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Slot
from bankchat.agents.flows.transaction_table import table_of
from bankchat.agents.flows.transactions import payee_name
from bankchat.agents.flows.values import PayeeRef
from bankchat.bank import ledger
from bankchat.bank.ledger import TransactionView
from bankchat.bank.money import format_cents
from bankchat.bank.months import add_months
from bankchat.bank.schedules import ordinal

DEFAULT_DAYS = 90
SHOWN = 20
"""Rows listed at most (the totals count them all)."""
OWN_TRANSFER = "transfer"
"""The ledger's category for money moved between the customer's own accounts."""
SLOTS = (
    Slot("period", (DateRange,), fills=("period",), description="The dates asked about."),
    Slot("category", (str,), fills=("category", "earnings"), description="salary, refund, ...; none: all money in."),
    Slot("payee", (PayeeRef,), fills=("payee",), description="A saved payee the money came from; none: anyone."),
    Slot("merchant", (str,), fills=("merchant",), description='Who else it came from ("Interest", an employer).'),
)


_NEXT = re.compile(r"\b(?:next|due|expect(?:ed|ing)?|when (?:will|does|is|should)|coming)\b", re.IGNORECASE)
"""A question about the salary still to come ("whens my next salary", "when will i get paid")."""
SAME_DAY_SLACK = 3
"""Salaries this many days apart in the month (a weekend moves one) count as paid on the same day."""


def _next_salary(items: list[TransactionView], today: date) -> str:
    """ "It usually comes in around the 25th, so the next is due around **25 March**." when the latest salaries
    from the same payer came in on about the same day of the month; empty when there's no such pattern."""
    latest = items[0]
    same = [t for t in items if t.merchant == latest.merchant]
    days = [t.value_date.day for t in same]
    if len(same) < 2 or max(days) - min(days) > SAME_DAY_SLACK:
        return ""
    due = add_months(latest.value_date, 1)
    usually = f"It usually comes in around the {ordinal(latest.value_date.day)}"
    if due < today:
        return f"{usually}; the one due on {due:%d %B} isn't in yet."
    return f"{usually}, so the next is due around **{due:%d %B}**."


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    period = filled.get("period", DateRange)
    category = filled.get("category", str)
    sender = payee_name(ctx, filled) or filled.get("merchant", str)  # "how much interest did i get"
    if sender is not None and category == "salary":
        category = None  # "has priya paid me back": whatever came from her, which is no salary
    salary = category == "salary"
    start = period.start if period else ctx.today - timedelta(days=DEFAULT_DAYS - 1)
    end = period.end if period else ctx.today
    page = ledger.search_transactions(
        db=ctx.db,
        owner_id=ctx.owner,
        start=start,
        end=end,
        direction="in",
        category=category,
        merchant=sender,
        limit=ledger.MAX_PAGE,
    )
    # money moved between the customer's own accounts (savings, the card bill) is not money in
    items = [t for t in page.items if category or sender or t.category != OWN_TRANSFER]
    action = {"tool": "money_in", "found": len(items), "start": start.isoformat(), "end": end.isoformat()}
    when = period.label if period else f"the last {DEFAULT_DAYS} days"
    what = "salary" if salary else f"{category} payments" if category else "money"
    what += f" from {sender}" if sender else ""
    if not items:
        return Outcome(f"I found no {what} paid in {when_phrase(period) if period else f'over {when}'}.", (action,))
    latest, n = items[0], len(items)
    came = (
        f"**{format_cents(latest.amount_cents)}** from {latest.merchant or latest.description} "
        f"on **{latest.value_date:%d %B}**, into {latest.account_name}"
    )
    payments = f"{n} payment{'s' if n != 1 else ''}, **{format_cents(sum(t.amount_cents for t in items))}** in all"
    if salary:
        text = f"Your latest salary: {came}.\n\nOver {when}: {payments.replace(',', ' in,', 1)}."
        upcoming = _next_salary(items, ctx.today) if _NEXT.search(ctx.turn.text) else ""
        text = f"{upcoming}\n\n{text}" if upcoming else text
    else:
        heading = f"{what[0].upper()}{what[1:]} paid in {when_phrase(period) if period else f'over {when}'}"
        aside = "" if category or sender else " (moves between your own accounts left out)"
        text = f"{heading}: {payments}{aside}. The latest: {came}."
    return Outcome(text + "\n\n" + table_of(items[:SHOWN]), (action,))


MONEY_IN = Flow(
    name="money_in",
    purpose="Salary, or all money received: how much, from whom, and when the customer was last paid.",
    agent="transactions",
    slots=SLOTS,
    act=_act,
)
