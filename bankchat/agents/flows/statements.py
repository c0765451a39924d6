"""Statements: a month of one account, summed up in the chat, with links to download it as PDF or CSV.

"can i get my statement for october", "download last month's savings statement", "statement pls".
With nothing said, the main (current) account and the last full month, and the reply says so. A
month still to come, or before the account's first statement, is answered with the months there
are; nothing is read past that. The links are signed for this customer and expire
(``bank/statement_links.py``): a click in the chat downloads the file, a leaked link soon stops.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime

from bankchat.agents.dates import DateRange
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Slot
from bankchat.agents.flows.values import AccountRef
from bankchat.agents.tables import table
from bankchat.bank import accounts as bank_accounts
from bankchat.bank.accounts import AccountView
from bankchat.bank.money import format_cents
from bankchat.bank.statement_links import signed_path
from bankchat.bank.statements import Statement, add_months, build_statement, month_label, parse_month
from bankchat.errors import InvalidMonth, StatementNotFound
from bankchat.settings import get_settings

ACCOUNT = Slot("account", (AccountRef,), fills=("account",), description="The account; unsaid: the main account.")
PERIOD = Slot("period", (DateRange,), fills=("period",), description="The month; unsaid: the last full month.")
_NUMBERED = re.compile(r"\b(\d{4})-(\d{1,2})\b")
""" "statement for 2025-02": a month written as the REST routes write it."""
_MONTHS = {name.lower(): n for names in (calendar.month_name, calendar.month_abbr) for n, name in enumerate(names) if n}
_MONTHS["sept"] = 9
_AHEAD = re.compile(
    rf"\bnext\s+month\b|\b(?P<name>{'|'.join(sorted(_MONTHS, key=len, reverse=True))})\.?\s+(?P<year>\d{{4}})\b",
    re.IGNORECASE,
)
"""A month said with its year ("june 2031", "dec 2024") or "next month": the date words read only months gone by."""
_ENDING = re.compile(
    r"(?:\bending|\bends?\s+(?:in|with)|\baccount|\bacct|#|[*•x]{2,})\s*(?:in\s+)?(\d{4})(?![\d-])", re.I
)
"""An account named by the last four digits of its number ("account ending 4821", "****4821")."""
NOT_A_MONTH = "That isn't a month I know. Say a month like **January** or **2025-01**."


def _month(ctx: FlowContext, filled: Filled) -> tuple[date, str]:
    """The month asked for, and how it was chosen when it was not said (``InvalidMonth`` for "2025-13")."""
    current = ctx.today.replace(day=1)
    numbered = _NUMBERED.search(ctx.turn.text)
    if numbered is not None:
        return parse_month(f"{numbered.group(1)}-{int(numbered.group(2)):02d}"), ""
    ahead = _AHEAD.search(ctx.turn.text)
    if ahead is not None:
        if ahead.group("name") is None:
            return add_months(current, 1), ""
        return date(int(ahead.group("year")), _MONTHS[ahead.group("name").lower()], 1), ""
    period = filled.get("period", DateRange)
    if period is None:
        return add_months(current, -1), "your last full month"
    if (period.start.year, period.start.month) != (period.end.year, period.end.month):
        return period.end.replace(day=1), "a statement covers one calendar month"
    return period.start.replace(day=1), ""


def _account(ctx: FlowContext, filled: Filled) -> tuple[AccountView | None, str]:
    """The account asked for, else the main one (the first current account), and why it was chosen."""
    accounts = bank_accounts.list_accounts(db=ctx.db, owner_id=ctx.owner)
    named = filled.get("account", AccountRef)
    chosen = next((a for a in accounts if named is not None and a.id == named.id), None)
    if chosen is not None:
        return chosen, ""
    main = next((a for a in accounts if a.kind == "checking"), accounts[0] if accounts else None)
    return main, "your main account"


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    account, account_note = _account(ctx, filled)
    ending = _ENDING.search(ctx.turn.text)
    if ending is not None and (account is None or not account.masked_number.endswith(ending.group(1))):
        text = f"You don't have an account ending {ending.group(1)} with us, so I can't give you its statement."
        return Outcome(text, ({"tool": "statement", "step": "refused", "detail": "unknown_account"},))
    if account is None:
        return Outcome("You don't have any accounts with us yet, so there are no statements.", ({"tool": "statement"},))
    try:
        month, month_note = _month(ctx, filled)
        statement = build_statement(db=ctx.db, owner_id=ctx.owner, account_id=account.id, month=month, today=ctx.today)
    except InvalidMonth:
        return Outcome(NOT_A_MONTH, ({"tool": "statement", "step": "refused", "detail": "invalid_month"},))
    except StatementNotFound as missing:
        text = f"{missing.detail} Ask for any month from then up to this one, e.g. **statement for last month**."
        return Outcome(text, ({"tool": "statement", "step": "refused", "detail": "statement_not_found"},))
    action = {
        "tool": "statement",
        "account_id": account.id,
        "month": statement.key,
        "postings": len(statement.lines),
        "closing_cents": statement.closing_cents,
    }
    return Outcome(_summary(ctx, statement, [n for n in (account_note, month_note) if n]), (action,))


def _summary(ctx: FlowContext, statement: Statement, notes: list[str]) -> str:
    account = statement.account

    def money(cents: int) -> str:
        return format_cents(cents, account.currency)

    ins = sum(1 for line in statement.lines if line.amount_cents > 0)
    outs = len(statement.lines) - ins
    rows = [
        ("Opening balance", money(statement.opening_cents)),
        (f"Money in ({ins} payment{'s' * (ins != 1)})", money(statement.money_in_cents)),
        (f"Money out ({outs} payment{'s' * (outs != 1)})", money(statement.money_out_cents)),
        ("Closing balance" + (" so far" if statement.to_date else ""), money(statement.closing_cents)),
    ]
    heading = (
        f"Here's your **{account.name}** ({account.masked_number}) statement for **{statement.label}**"
        + (" to date" if statement.to_date else "")
        + (f" ({'; '.join(notes)})" if notes else "")
        + ":"
    )
    now = datetime.now(UTC)
    pdf, csv = (
        signed_path(owner_id=ctx.owner, account_id=account.id, month=statement.month, fmt=fmt, now=now)
        for fmt in ("pdf", "csv")
    )
    minutes = get_settings().statement_link_minutes
    links = f"Download it: [PDF]({pdf}) · [CSV]({csv}). The links are yours alone and work for {minutes} minutes."
    before = month_label(add_months(statement.month, -1))
    other = f" For another month or account, say e.g. **savings statement for {before}**." if notes else ""
    return f"{heading}\n\n{table(['', 'Amount'], rows, 'lr')}\n\n{links}{other}"


STATEMENT = Flow(
    name="statement",
    purpose="Sum up one account's monthly statement (opening, money in and out, closing) with PDF and CSV links.",
    agent="accounts",
    slots=(ACCOUNT, PERIOD),
    act=_act,
)
