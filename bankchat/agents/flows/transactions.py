"""Transactions: search the statement, and the questions that compute (totals, averages, counts, biggest)."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any

from bankchat.agents import slots
from bankchat.agents.dates import DateRange, when_phrase
from bankchat.agents.flows import comparison, merchant_refunds
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Slot
from bankchat.agents.flows.transaction_table import row_subject, table_of
from bankchat.agents.flows.values import (
    AccountRef,
    Aggregate,
    Direction,
    Money,
    Ordering,
    PayeeRef,
)
from bankchat.agents.tables import table
from bankchat.bank import accounts as bank_accounts
from bankchat.bank import ledger
from bankchat.bank import payees as bank_payees
from bankchat.bank.money import format_cents
from bankchat.errors import PayeeNotFound

DEFAULT_LIST = 10
DEFAULT_SUMMARY_DAYS = 30
AVERAGE_MONTHS = 3
"""An average per month with no period named is taken over the last three whole months."""

SLOTS = (
    Slot("period", (DateRange,), fills=("period",), description="The dates asked about."),
    Slot("payee", (PayeeRef,), fills=("payee",), group="what", description="A saved payee the customer sent money."),
    Slot("merchant", (str,), fills=("merchant",), group="what", description="A merchant the customer paid."),
    Slot("category", (str,), fills=("category",), group="what", description="A spending category."),
    Slot("account", (AccountRef,), fills=("account",), description="One account; none: all of them."),
    Slot("direction", (Direction,), fills=("direction",), description="Money in or money out."),
    Slot("ordering", (Ordering,), fills=("ordering",), description="Largest or smallest first."),
    Slot("count", (int,), fills=("count",), description="How many transactions to show."),
    Slot("aggregate", (Aggregate,), fills=("aggregate",), description="A total, an average or a count."),
    Slot("excluded", (str,), fills=("excluded",), description="A category or merchant left out of a total."),
    Slot("against", (DateRange,), fills=("against",), description="The dates a comparison is made with."),
    Slot("at_least", (Money,), fills=("at_least",), group="size", description="The smallest payment asked about."),
    Slot("at_most", (Money,), fills=("at_most",), group="size", description="The largest payment asked about."),
    Slot("exactly", (Money,), fills=("exactly",), group="size", description="The sum of the payment asked about."),
    Slot("refunds", (str,), fills=("refunds",), description="Refunds asked about, not all lines."),
)
_SIZE_PHRASES = {"exactly": "of {}", "at_least": "of {} or more", "at_most": "of {} or less"}
"""How the size of payment asked about reads in an answer, by slot ("payments of £50.00 or more")."""


def _filters(ctx: FlowContext, filled: Filled) -> dict[str, object]:
    """The ledger's filters for the slots: money sent to a payee is the transfers to that name."""
    account = filled.get("account", AccountRef)
    payee = payee_name(ctx, filled)
    return {
        "merchant": payee or filled.get("merchant", str),
        "category": "transfer" if payee else filled.get("category", str),
        "account_id": account.id if account else None,
        "excluding": filled.get("excluded", str),
        "at_least": _cents(filled.get("at_least", Money) or filled.get("exactly", Money)),
        "at_most": _cents(filled.get("at_most", Money) or filled.get("exactly", Money)),
    }


def _cents(money: Money | None) -> int | None:
    return money.cents if money is not None else None


def payee_name(ctx: FlowContext, filled: Filled) -> str | None:
    """The name of the payee asked about ("how much have I sent bob", "did bob send me anything"), if any."""
    ref = filled.get("payee", PayeeRef)
    if ref is None:
        return None
    try:
        return bank_payees.get_payee(db=ctx.db, owner_id=ctx.owner, payee_id=ref.id).name
    except PayeeNotFound:
        return None


def _what(ctx: FlowContext, filled: Filled, period: DateRange | None) -> str:
    parts = []
    if payee := payee_name(ctx, filled):
        parts.append(f"to {payee}")
    elif merchant := filled.get("merchant", str):
        parts.append(f"at {merchant}")
    elif category := filled.get("category", str):
        parts.append(f"on {category}")
    if excluded := filled.get("excluded", str):
        parts.append(f"not counting {excluded}")
    for slot, phrase in _SIZE_PHRASES.items():
        if size := filled.get(slot, Money):
            parts.append(phrase.format(format_cents(size.cents)))
    if account := filled.get("account", AccountRef):  # "my savings transactions": say whose they are
        parts.append(f"in {bank_accounts.get_account(db=ctx.db, owner_id=ctx.owner, account_id=account.id).name}")
    if period:
        parts.append(when_phrase(period))
    return " ".join(parts)


def _trace(ctx: FlowContext, filled: Filled, period: DateRange | None) -> dict[str, object]:
    out: dict[str, object] = {k: v for k, v in _filters(ctx, filled).items() if v}
    if period:
        out["start"], out["end"] = period.start.isoformat(), period.end.isoformat()
    return out


def _search(ctx: FlowContext, filled: Filled) -> Outcome:
    period = filled.get("period", DateRange)
    ordering = filled.get("ordering", Ordering) or Ordering.LATEST
    direction = filled.get("direction", Direction)
    # "my biggest purchases": payments out, and not the money moved to savings or sent to a friend
    spending_only = ordering is not Ordering.LATEST and direction is not Direction.IN and not filled.has("category")
    if ordering is not Ordering.LATEST and direction is None:
        direction = Direction.OUT
    if filled.get("aggregate", Aggregate) is Aggregate.COUNT:
        return _count(ctx, filled, period, direction)
    merchant = filled.get("merchant", str)
    if merchant is not None and filled.has("refunds"):
        return merchant_refunds.answer(ctx, merchant, period)  # "has amazon refunded me": its refunds, not its lines
    limit = filled.get("count", int) or (5 if ordering is not Ordering.LATEST else DEFAULT_LIST)
    paging = {"limit": min(limit, ledger.MAX_PAGE), "order": ordering.value, "spending_only": spending_only}
    page = _page(ctx, filled, period, direction, **paging)
    action = {
        "tool": "search_transactions",
        "found": len(page.items),
        "order": ordering.value,
        **_trace(ctx, filled, period),
    }
    what = _what(ctx, filled, period)
    if not page.items:
        started = ledger.statement_start(db=ctx.db, owner_id=ctx.owner) if period is not None else None
        if started is not None and period is not None and period.end < started:
            text = f"Your statement here starts on **{_day(started)}**, so I can't see {_noun(direction, 2)} {what}."
            return Outcome(text, (action,))
        return Outcome(f"I found no {_noun(direction, 2)} {what or 'yet'}.".replace("  ", " "), (action,))
    n = len(page.items)
    if ordering is Ordering.LATEST:
        latest = "latest " if not period or page.more else ""  # "your 10 transactions last month" when there are 14
        counted = f"{latest}{n} " if n > 1 or page.more else ""  # "Your transaction of £3.91", not "latest 1"
        heading = f"Your {counted}{_noun(direction, n, latest=True)}"
    else:
        size = "largest" if ordering is Ordering.LARGEST else "smallest"
        heading = f"Your {n} {size} {_noun(direction, n)}" if n > 1 else f"Your {size} {_noun(direction, n)}"
    text = f"{heading} {what}:".replace(" :", ":") + "\n\n" + table_of(page.items)
    one_ranked = n == 1 and ordering is not Ordering.LATEST  # "the biggest one": that one, no total, no "more"
    narrowed = filled.has("merchant") or filled.has("category") or filled.has("payee") or direction is Direction.IN
    if narrowed and not one_ranked:
        total = sum(t.amount_cents for t in page.items)
        word = "paid" if total <= 0 else "received"
        text += f"\n\nIn total you {word} **{format_cents(abs(total))}** in these transactions."
    if page.more and not one_ranked:
        text += "\n\nThere are more; ask for a longer period or a bigger number to see them."
    return Outcome(text, (action,), tuple(row_subject(t) for t in page.items))


def _noun(direction: Direction | None, n: int, *, latest: bool = False) -> str:
    """What the rows are: "payments in" for money received, "payments" out, else "transactions"."""
    if direction is Direction.IN:
        return "payment in" if n == 1 else "payments in"
    noun = "payment" if direction is Direction.OUT and not latest else "transaction"
    return noun if n == 1 else noun + "s"


def _page(
    ctx: FlowContext, filled: Filled, period: DateRange | None, direction: Direction | None, **paging: Any
) -> ledger.TransactionPage:
    """The customer's transactions under the answer's filters (``paging``: limit, order, spending_only)."""
    return ledger.search_transactions(
        db=ctx.db,
        owner_id=ctx.owner,
        start=period.start if period else None,
        end=period.end if period else None,
        direction=direction.value if direction else None,
        **_filters(ctx, filled),  # type: ignore[arg-type]
        **paging,
    )


def _count(ctx: FlowContext, filled: Filled, period: DateRange | None, direction: Direction | None) -> Outcome:
    page = _page(ctx, filled, period, direction, limit=ledger.MAX_PAGE)
    n = len(page.items)
    what = _what(ctx, filled, period)
    more = "more than " if page.more else ""
    text = f"You have **{more}{n}** {_noun(direction, n, latest=True)} {what or 'on record'}."
    if page.items and not page.more:  # a total of the first page only would be no total
        out = -sum(t.amount_cents for t in page.items if t.amount_cents < 0)
        came = sum(t.amount_cents for t in page.items if t.amount_cents > 0)
        both = f"{format_cents(out)} out and {format_cents(came)} in"
        sums = both if out and came else format_cents(out or came)
        text += f" Together they come to {sums}; the latest was on {page.items[0].value_date:%d %b}."
    elif page.items:
        text += f" The latest was on {page.items[0].value_date:%d %b}."
    action = {"tool": "count_transactions", "count": n, **_trace(ctx, filled, period)}
    return Outcome(text, (action,))


_ON_WHAT = re.compile(
    r"\b(?:spent|spend|spending|spendin|spnd|pay|paid|paying)\b(?:\s+\w+){0,3}?\s+(?:on|for)\s+(?:my\s+|the\s+)?"
    r"(?P<thing>[a-z][a-z'-]{2,20}(?:\s+[a-z][a-z'-]{2,20})?)"
    r"(?=\s+(?:this|last|in|since|over|during|today|yesterday|so far|per|a|each|every)\b|\s*[?.!,]|\s*$)",
    re.IGNORECASE,
)
"""What a spending question names after "on" ("spent on petrol this month"), read when nothing known was found."""
_NOT_A_THING = frozenset(
    {"average", "everything", "stuff", "things", "it", "them", "that", "this", "me", "all", "total"}
)


def _unknown_thing(ctx: FlowContext, filled: Filled) -> str | None:
    """ "how much have i spent on petrol": a thing the statement doesn't sort payments by, nor a merchant on it,
    named where a category or merchant goes; None when nothing such is named."""
    if any(filled.has(name) for name in ("category", "merchant", "payee", "account")):
        return None
    said = _ON_WHAT.search(ctx.turn.text)
    thing = said.group("thing").lower() if said is not None else ""
    if not thing or thing in _NOT_A_THING or slots.category_in(thing) is not None:
        return None
    known = ledger.known_merchants(db=ctx.db, owner_id=ctx.owner)
    return None if slots.merchant_in(thing, known) is not None else thing


def _summary(ctx: FlowContext, filled: Filled) -> Outcome:
    unknown = _unknown_thing(ctx, filled)
    if unknown is not None:
        sorted_by = ", ".join(c for c in ledger.CATEGORIES if c not in ("salary", "transfer", "refund", "other"))
        text = (
            f"I can't tell which of your payments are for {unknown}: your statement sorts them as {sorted_by}; and "
            "no shop on it is called that. Say e.g. **how much on transport this month**, or name the shop."
        )
        return Outcome(text, ({"tool": "spending_summary", "unknown": unknown},))
    if filled.get("aggregate", Aggregate) is Aggregate.AVERAGE:
        return _average(ctx, filled)
    if filled.get("aggregate", Aggregate) is Aggregate.COMPARE or filled.has("against"):
        period = filled.get("period", DateRange) or DateRange(ctx.today.replace(day=1), ctx.today, "this month")
        if comparison.names_the_earlier(ctx.turn.text, ctx.today) and period.end < ctx.today:
            period = comparison.after(period, ctx.today)  # "more than last month?": this month, beside last month
        filters = _filters(ctx, filled)

        def summarise(start: date, end: date) -> ledger.SpendingSummary:
            return ledger.spending_summary(db=ctx.db, owner_id=ctx.owner, start=start, end=end, **filters)  # type: ignore[arg-type]

        earlier = filled.get("against", DateRange)
        return comparison.compare(period, summarise, _what(ctx, filled, None), filters, earlier)
    if filled.get("aggregate", Aggregate) is Aggregate.COUNT:
        return _count(ctx, filled, filled.get("period", DateRange), Direction.OUT)
    period = filled.get("period", DateRange) or DateRange(
        ctx.today - timedelta(days=DEFAULT_SUMMARY_DAYS - 1), ctx.today, f"the last {DEFAULT_SUMMARY_DAYS} days"
    )
    summary = ledger.spending_summary(
        db=ctx.db,
        owner_id=ctx.owner,
        start=period.start,
        end=period.end,
        **_filters(ctx, filled),  # type: ignore[arg-type]
    )
    action = {"tool": "spending_summary", "count": summary.count, **_trace(ctx, filled, period)}
    what = _what(ctx, filled, period)
    if what.startswith("of "):  # "You spent £X in payments of £50.00 or more", not "£X of £50.00"
        what = f"in payments {what}"
    verb, noun = ("sent", "transfer") if filled.has("payee") else ("spent", "payment")
    started = ledger.statement_start(db=ctx.db, owner_id=ctx.owner) if period.start < ctx.today else None
    if started is not None and period.end < started:  # "last year", before the account's first line
        text = f"Your statement here starts on **{_day(started)}**, so I can't see what you {verb} {what}."
        return Outcome(text, (action,))
    partly = started is not None and period.start < started  # "last year" in an account opened in December
    reach = f" That counts from **{_day(started)}**, when your statement here starts." if started and partly else ""
    if summary.count == 0:
        return Outcome(f"You {verb} nothing {what}.{reach}", (action,))
    payments = f"{summary.count} {noun}{'s' if summary.count != 1 else ''}"
    text = f"You {verb} **{format_cents(summary.total_out_cents)}** {what} ({payments}).{reach}"
    narrowed = filled.has("merchant") or filled.has("category") or filled.has("payee")
    grouped = filled.get("category", str) in ledger.CATEGORY_GROUPS  # "food": each of its categories
    if (grouped or not narrowed) and summary.by_category:
        rows = [(c, format_cents(v)) for c, v in summary.by_category[: comparison.SHOWN_CATEGORIES]]
        if rest := summary.by_category[comparison.SHOWN_CATEGORIES :]:  # the rows add up to the total said above
            rows.append((comparison.EVERYTHING_ELSE, format_cents(sum(v for _, v in rest))))
        text += "\n\n" + table(["Category", "Spent"], rows, "lr")
    if summary.top_merchants and not filled.has("merchant") and not filled.has("payee"):
        top = ", ".join(f"{m} ({format_cents(v)})" for m, v in summary.top_merchants[:3])
        text += f"\n\nWhere it went most: {top}."
    if summary.total_in_cents and not narrowed:
        text += f" Money in over the same period: {format_cents(summary.total_in_cents)}."
    return Outcome(text, (action,))


def _day(day: date) -> str:
    """ "14 December 2024"."""
    return f"{day.day} {day:%B %Y}"


_PER_PAYMENT = re.compile(
    r"\b(?:per|each|a|every)\s+(?:trip|visit|shop|payment|transaction|purchase|time|order)\b"
    r"|\b(?:average|typical|usual)\s+(?:\w+\s+)?(?:shop|trip|visit|payment|transaction|purchase|order|bill)\b",
    re.IGNORECASE,
)
"""An average of each payment ("my average grocery shop", "how much per trip to tesco"), not of each month."""


def _average(ctx: FlowContext, filled: Filled) -> Outcome:
    """Spending per calendar month (or per payment, when asked so), averaged over the period named or the last
    three whole months."""
    period = filled.get("period", DateRange)
    if period is None:
        end = ctx.today.replace(day=1) - timedelta(days=1)
        start = end.replace(day=1)
        for _ in range(AVERAGE_MONTHS - 1):
            start = (start - timedelta(days=1)).replace(day=1)
        period = DateRange(start, end, f"the last {AVERAGE_MONTHS} whole months")
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    summary = ledger.spending_summary(
        db=ctx.db,
        owner_id=ctx.owner,
        start=period.start,
        end=period.end,
        **_filters(ctx, filled),  # type: ignore[arg-type]
    )
    what = _what(ctx, filled, None)
    if _PER_PAYMENT.search(ctx.turn.text):
        return _average_payment(summary, what, period, _trace(ctx, filled, period))
    average = round(summary.total_out_cents / months)
    text = (
        f"On average you spent **{format_cents(average)}** a month {what} over {period.label} "
        f"({format_cents(summary.total_out_cents)} in {months} month{'s' if months != 1 else ''}, "
        f"{calendar.month_abbr[period.start.month]} {period.start.year} to "
        f"{calendar.month_abbr[period.end.month]} {period.end.year})."
    ).replace("  ", " ")
    action = {"tool": "spending_average", "months": months, "average_cents": average, **_trace(ctx, filled, period)}
    return Outcome(text, (action,))


def _average_payment(
    summary: ledger.SpendingSummary, what: str, period: DateRange, trace: dict[str, object]
) -> Outcome:
    action = {"tool": "spending_average", "per": "payment", "count": summary.count, **trace}
    if not summary.count:
        return Outcome(f"You made no payments {what} over {period.label}.".replace("  ", " "), (action,))
    average = round(summary.total_out_cents / summary.count)
    text = (
        f"On average each payment {what} came to **{format_cents(average)}** over {period.label} "
        f"({summary.count} payment{'s' if summary.count != 1 else ''}, {format_cents(summary.total_out_cents)} "
        "in all)."
    ).replace("  ", " ")
    return Outcome(text, ({**action, "average_cents": average},))


SEARCH = Flow(
    name="search_transactions",
    purpose="List the customer's transactions by date, merchant, category or account; biggest or smallest; counts.",
    agent="transactions",
    starts=frozenset({"list_transactions"}),
    slots=SLOTS,
    act=_search,
)

SPENDING = Flow(
    name="spending_summary",
    purpose="How much the customer spent over a period, by category or merchant; averages per month.",
    agent="transactions",
    slots=SLOTS,
    act=_summary,
)
