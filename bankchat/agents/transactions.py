"""The transactions specialist: statements, search by merchant/category/date, spending summaries."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bankchat.agents import slots
from bankchat.agents.dates import DateRange, parse_date_range
from bankchat.agents.tables import table
from bankchat.agents.types import Reply, Turn
from bankchat.bank import accounts as bank_accounts
from bankchat.bank import ledger
from bankchat.bank.money import format_cents
from bankchat.db import session_scope

NAME = "transactions"
INTENTS = frozenset({"list_transactions", "spending_summary"})
DEFAULT_SUMMARY_DAYS = 30


def _today(turn: Turn) -> date:
    return turn.today or datetime.now(UTC).date()


def handle(turn: Turn, intent: str, confidence: float) -> Reply:
    """List or sum the customer's own transactions, with the filters their words give."""
    owner = turn.customer.user_id
    today = _today(turn)
    period = parse_date_range(turn.text, today)
    with session_scope() as db:
        merchant = slots.merchant_in(turn.text, ledger.known_merchants(db=db, owner_id=owner))
        category = None if merchant else slots.category_in(turn.text)
        account = bank_accounts.find_account(db=db, owner_id=owner, words=turn.text)
        filters = {"merchant": merchant, "category": category, "account_id": account.id if account else None}
        if intent == "spending_summary":
            return _summary(db, turn, intent, confidence, period, filters, today)
        return _listing(db, turn, intent, confidence, period, filters)


def _when(period: DateRange) -> str:
    label = period.label
    if label.startswith("the "):
        return f"over {label}"
    if label.startswith(("since", "last", "this", "today", "yesterday")):
        return label
    return f"in {label}"


def _what(filters: dict, period: DateRange | None) -> str:
    parts = []
    if filters["merchant"]:
        parts.append(f"at {filters['merchant']}")
    elif filters["category"]:
        parts.append(f"on {filters['category']}")
    if period:
        parts.append(_when(period))
    return " ".join(parts)


def _listing(db, turn: Turn, intent: str, confidence: float, period: DateRange | None, filters: dict) -> Reply:  # type: ignore[no-untyped-def]
    limit = slots.count_asked(turn.text, default=10)
    page = ledger.search_transactions(
        db=db,
        owner_id=turn.customer.user_id,
        start=period.start if period else None,
        end=period.end if period else None,
        direction=slots.direction_in(turn.text),
        limit=limit,
        **filters,
    )
    action = {"tool": "search_transactions", "found": len(page.items), **_trace_filters(filters, period)}
    what = _what(filters, period)
    if not page.items:
        return Reply(f"I found no transactions {what or 'yet'}.".replace("  ", " "), NAME, intent, confidence, [action])
    rows = [
        (
            t.value_date.strftime("%d %b"),
            t.merchant or t.description,
            t.category,
            format_cents(t.amount_cents),
            t.account_name,
        )
        for t in page.items
    ]
    heading = (
        f"Your {'latest ' if not period else ''}{len(page.items)} transaction{'s' if len(page.items) != 1 else ''}"
    )
    text = (
        f"{heading} {what}:".replace(" :", ":")
        + "\n\n"
        + table(["Date", "Description", "Category", "Amount", "Account"], rows, "lllrl")
    )
    if filters["merchant"] or filters["category"]:
        total = sum(t.amount_cents for t in page.items)
        word = "paid" if total <= 0 else "received"
        text += f"\n\nIn total you {word} **{format_cents(abs(total))}** in these transactions."
    if page.next_before:
        text += "\n\nThere are more; ask for a longer period or a bigger number to see them."
    return Reply(text, NAME, intent, confidence, [action])


def _summary(
    db, turn: Turn, intent: str, confidence: float, period: DateRange | None, filters: dict, today: date
) -> Reply:  # type: ignore[no-untyped-def]
    if period is None:
        period = parse_date_range(f"last {DEFAULT_SUMMARY_DAYS} days", today)
        assert period is not None
    summary = ledger.spending_summary(
        db=db, owner_id=turn.customer.user_id, start=period.start, end=period.end, **filters
    )
    action = {"tool": "spending_summary", "count": summary.count, **_trace_filters(filters, period)}
    what = _what(filters, period)
    if summary.count == 0:
        return Reply(f"You spent nothing {what}.", NAME, intent, confidence, [action])
    payments = f"{summary.count} payment{'s' if summary.count != 1 else ''}"
    text = f"You spent **{format_cents(summary.total_out_cents)}** {what} ({payments})."
    if not filters["merchant"] and not filters["category"] and summary.by_category:
        rows = [(c, format_cents(v)) for c, v in summary.by_category[:8]]
        text += "\n\n" + table(["Category", "Spent"], rows, "lr")
    if summary.top_merchants and not filters["merchant"]:
        top = ", ".join(f"{m} ({format_cents(v)})" for m, v in summary.top_merchants[:3])
        text += f"\n\nWhere it went most: {top}."
    if summary.total_in_cents and not (filters["merchant"] or filters["category"]):
        text += f" Money in over the same period: {format_cents(summary.total_in_cents)}."
    return Reply(text, NAME, intent, confidence, [action])


def _trace_filters(filters: dict, period: DateRange | None) -> dict:
    out = {k: v for k, v in filters.items() if v}
    if period:
        out["start"], out["end"] = period.start.isoformat(), period.end.isoformat()
    return out
