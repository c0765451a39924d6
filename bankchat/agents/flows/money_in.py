"""Money in: salary and other payments received ("what was my salary last month", "when was I last paid")."""

from __future__ import annotations

from datetime import timedelta

from bankchat.agents.dates import DateRange
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Slot
from bankchat.agents.flows.transactions import table_of
from bankchat.bank import ledger
from bankchat.bank.money import format_cents

DEFAULT_DAYS = 90
SLOTS = (
    Slot("period", (DateRange,), fills=("period",), description="The dates asked about."),
    Slot("category", (str,), fills=("category",), description="salary, refund, ..."),
)


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    period = filled.get("period", DateRange)
    category = filled.get("category", str)
    salary = category in (None, "salary")
    start = period.start if period else ctx.today - timedelta(days=DEFAULT_DAYS - 1)
    end = period.end if period else ctx.today
    page = ledger.search_transactions(
        db=ctx.db,
        owner_id=ctx.owner,
        start=start,
        end=end,
        direction="in",
        category="salary" if salary else category,
        limit=20,
    )
    action = {"tool": "money_in", "found": len(page.items), "start": start.isoformat(), "end": end.isoformat()}
    when = period.label if period else f"the last {DEFAULT_DAYS} days"
    if not page.items:
        what = "salary" if salary else f"{category} payments"
        return Outcome(f"I found no {what} paid in over {when}.", (action,))
    latest = page.items[0]
    total = sum(t.amount_cents for t in page.items)
    lead = "Your latest salary" if salary else "The latest payment in"
    text = (
        f"{lead}: **{format_cents(latest.amount_cents)}** from {latest.merchant or latest.description} "
        f"on **{latest.value_date:%d %B}**, into {latest.account_name}.\n\n"
        f"Over {when}: {len(page.items)} payment{'s' if len(page.items) != 1 else ''} in, "
        f"**{format_cents(total)}** in all.\n\n" + table_of(page.items)
    )
    return Outcome(text, (action,))


MONEY_IN = Flow(
    name="money_in",
    purpose="Salary and other money received: how much, from whom, and when the customer was last paid.",
    agent="transactions",
    starts_on=frozenset({"money_in"}),
    slots=SLOTS,
    act=_act,
)
