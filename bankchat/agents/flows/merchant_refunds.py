"""One company's refunds: "has amazon refunded me", "did asos give me my money back".

The list of transactions at a merchant showed the payments and the refunds together and summed them ("In total
you paid …"), which answers another question. Asked about refunds, the answer is the refunds from that company
(or that there are none, with the latest payments to them and what to do next), and for each refund the earlier
payment of the same amount it most likely returns.
"""

from __future__ import annotations

from bankchat.agents.dates import DateRange, when_phrase
from bankchat.agents.flows.spec import FlowContext, Outcome
from bankchat.agents.flows.transaction_table import row_subject, table_of
from bankchat.bank import ledger
from bankchat.bank.ledger import TransactionView
from bankchat.bank.money import format_cents

SHOWN = 3
"""With no refund to show, the company's latest payments shown (what a refund would be for)."""
NEXT_STEPS = (
    "Once a company issues a refund it can take a few days to reach you; if they say they've refunded you and "
    "it hasn't come, say **my refund hasn't shown up**. If they won't refund you for something that never arrived "
    "or was faulty, say **dispute a payment**."
)


def answer(ctx: FlowContext, merchant: str, period: DateRange | None) -> Outcome:
    """The refunds from ``merchant`` (within ``period``, if one was named), each beside the payment it returns."""
    found = ledger.search_transactions(
        db=ctx.db,
        owner_id=ctx.owner,
        merchant=merchant,
        category="refund",
        direction="in",
        start=period.start if period else None,
        end=period.end if period else None,
        limit=ledger.MAX_PAGE,
    )
    paid = ledger.search_transactions(
        db=ctx.db, owner_id=ctx.owner, merchant=merchant, direction="out", limit=ledger.MAX_PAGE
    ).items
    when = f" {when_phrase(period)}" if period else ""
    action: dict[str, object] = {"tool": "search_transactions", "asked": "refunds", "merchant": merchant}
    if period:
        action["start"], action["end"] = period.start.isoformat(), period.end.isoformat()
    refunds = found.items
    if not refunds:
        text = f"I can't see any refund from **{merchant}**{when}."
        if paid:
            lines = "\n".join(f"- {t.value_date:%d %b %Y}: {format_cents(-t.amount_cents)}" for t in paid[:SHOWN])
            text += f" Your latest payments to them:\n\n{lines}"
        return Outcome(f"{text}\n\n{NEXT_STEPS}", ({**action, "found": 0},))
    total = sum(t.amount_cents for t in refunds)
    if len(refunds) == 1:
        said = f"**{format_cents(total)}**{when}"
    else:
        times = "twice" if len(refunds) == 2 else f"{len(refunds)} times"
        said = f"{times}{when}, **{format_cents(total)}** in all"
    text = f"**{merchant}** refunded you {said}.\n\n{table_of(refunds)}"
    returned = [line for t in refunds if (line := _returned(t, paid)) is not None]
    if returned:
        text += "\n\nWhat each refund most likely returns (an earlier payment of the same amount):\n\n" + "\n".join(
            returned
        )
    if found.more:
        text += "\n\nThere are more; ask for a shorter period to see them all."
    shown = [t.public_id for t in refunds]
    return Outcome(text, ({**action, "found": len(refunds), "shown": shown},), tuple(row_subject(t) for t in refunds))


def _returned(refund: TransactionView, paid: list[TransactionView]) -> str | None:
    """The refund beside the latest earlier payment of the same amount to the same company, if there is one."""
    match = next(
        (t for t in paid if t.amount_cents == -refund.amount_cents and t.value_date <= refund.value_date), None
    )
    if match is None:
        return None
    return (
        f"- {format_cents(refund.amount_cents)} on {refund.value_date:%d %b}: your payment of "
        f"{format_cents(-match.amount_cents)} on {match.value_date:%d %b %Y}"
    )
