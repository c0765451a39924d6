"""Balance: one account, several ("savings and checking combined"), or all of them with the total."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bankchat.agents.dates import DateRange
from bankchat.agents.flows import limits
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Problem, Slot
from bankchat.agents.flows.values import Accounts, Aggregate, to_json
from bankchat.agents.knowledge import fact
from bankchat.agents.patterns import one_of
from bankchat.agents.tables import table
from bankchat.agents.types import Subject
from bankchat.bank import accounts as bank_accounts
from bankchat.bank import ledger
from bankchat.bank import payees as bank_payees
from bankchat.bank.accounts import AccountView
from bankchat.bank.money import format_cents

_OVERDRAFT = one_of(r"overdrafts?|overdrawn|o/d")
"""A question about the arranged overdraft, answered with it rather than with the balances."""
_NET = one_of(r"net worth|net position|net balance|what i'?m worth|after (?:what i owe|my debts?)")
"""Everything the customer has less what they owe on credit cards: every account, whichever one is named."""
ACCOUNTS = Slot("accounts", (Accounts,), fills=("accounts",), description="The accounts asked about; none: all.")
AGGREGATE = Slot("aggregate", (Aggregate,), fills=("aggregate",), description="A total across the accounts named.")
PERIOD = Slot("period", (DateRange,), fills=("period",), description="A past day or period: the balance at its end.")
_START_OF = re.compile(r"\b(?:start|beginning|begining|first day)\s+of\s+(?:the\s+|this\s+)?(?P<unit>\w+)", re.I)
"""The balance at the start of a period ("at the start of the month"), not at its end."""
_WHOSE = re.compile(r"\b(?!my\b|your\b)([a-z]+)(?:'s|s)\s+(?:balance|account|money|savings|bank)\b", re.IGNORECASE)
"""Another person's balance asked ("whats alices balance"): a payee's name is no account of the customer's."""
_ABOUT_SOMEONE = re.compile(r"^\W*(?:and|what about|how about)\s+([a-z]+)\W*$", re.IGNORECASE)


def _one(account: AccountView) -> str:
    if account.kind == "credit":
        owed = -account.balance_cents if account.balance_cents < 0 else 0
        return (
            f"Your **{account.name}** ({account.masked_number}) has "
            f"**{format_cents(account.available_cents, account.currency)}** of available credit out of a "
            f"{format_cents(account.credit_limit_cents, account.currency)} limit. "
            f"You currently owe {format_cents(owed, account.currency)}."
        )
    text = (
        f"Your **{account.name}** ({account.masked_number}) balance is "
        f"**{format_cents(account.balance_cents, account.currency)}**."
    )
    if account.available_cents != account.balance_cents:
        text += f" Available to spend: {format_cents(account.available_cents, account.currency)}."
    return text


NO_OVERDRAFT = "You don't have an arranged overdraft with us."


def _overdrafts(accounts: list[AccountView]) -> list[str]:
    """Each arranged overdraft, how much of it is used and what is left ("what's my overdraft limit?")."""
    lines = []
    for a in accounts:
        if a.kind == "credit" or not a.overdraft_limit_cents:
            continue
        used = max(-a.balance_cents, 0)
        use = f"you're using {format_cents(used, a.currency)} of it" if used else "you're not using any of it"
        lines.append(
            f"Your **{a.name}** has an arranged overdraft of **{format_cents(a.overdraft_limit_cents, a.currency)}**: "
            f"{use}, so you can spend up to {format_cents(a.available_cents, a.currency)}."
        )
    return lines


_BORROWING = re.compile(
    r"\b(?:can|could|may) (?:i|we) (?:borrow|get a loan|take out a loan|have a loan)\b"
    r"|\b(?:i|we) (?:need|want|would like) (?:to borrow|a (?:personal |small )?loan)\b"
    r"|\b(?:apply for|get) a (?:personal |small )?loan\b|\bborrow (?:some )?money\b|\blend me\b"
    r"|\bdo you (?:do|offer|give|have) (?:loans|personal loans|credit|overdrafts?)\b",
    re.IGNORECASE,
)


_CHANGE_LIMIT = re.compile(
    r"\b(?:increase|raise|extend|higher|bigger|more|up|lower|reduce|decrease|change|cancel|remove)\b", re.IGNORECASE
)
"""An overdraft to change ("can i increase my overdraft"), not only to know."""
_LIMIT_WORD = one_of(r"limit|limits")


def asks_borrowing(text: str) -> bool:
    """ "can i borrow money", "do you do loans", "i need a loan": what the customer can borrow (the classifier
    read the first as the cash machine article)."""
    return _BORROWING.search(text) is not None


def _borrowing(accounts: list[AccountView]) -> str:
    """ "can i borrow money", "do you do loans": what the customer can borrow with us now, and the way to more."""
    lines = _overdrafts(accounts) or [NO_OVERDRAFT]
    lines.append(f"Overdraft interest: {fact('overdraft_rate')}.")
    for card in (a for a in accounts if a.kind == "credit"):
        lines.append(
            f"Your **{card.name}** has **{format_cents(card.available_cents, card.currency)}** of credit available "
            f"({fact('card_purchase_rate')})."
        )
    lines.append(
        "We don't arrange loans in this chat. To borrow more, or to change your overdraft, say **talk to a person**."
    )
    return "\n\n".join(lines)


_AVAILABLE_MEANS = re.compile(
    r"\b(?:difference|differ(?:ent|ence)?)\b.{0,40}\bbalance\b.{0,20}\bavailable\b"
    r"|\bbalance\s+(?:vs\.?|versus|and|or)\s+(?:the\s+)?available\b"
    r"|\bwhat(?:'?s| is| does)\s+(?:the\s+|my\s+)?available(?:\s+balance)?\s+(?:mean|means)\b"
    r"|\bwhy\s+(?:is|are)\s+(?:my\s+|the\s+)?available\b.{0,30}\b(?:different|more|higher|less|lower|bigger)\b",
    re.IGNORECASE,
)
"""What "available" means beside the balance ("whats the difference between my balance and available")."""


def _available_explained(accounts: list[AccountView]) -> str:
    """Balance and available told apart with the customer's own figures."""
    lines = ["Your **balance** is the money in the account now. **Available** is what you can spend from it:", ""]
    for a in accounts:
        balance, available = format_cents(a.balance_cents, a.currency), format_cents(a.available_cents, a.currency)
        if a.kind == "credit":
            owed = format_cents(-a.balance_cents, a.currency) if a.balance_cents < 0 else "nothing"
            lines.append(f"- **{a.name}**: what's left of your credit limit, {available} (you owe {owed}).")
        elif a.available_cents != a.balance_cents and a.overdraft_limit_cents:
            overdraft = format_cents(a.overdraft_limit_cents, a.currency)
            lines.append(
                f"- **{a.name}**: the balance of {balance} plus your {overdraft} arranged overdraft: {available}."
            )
        else:
            lines.append(f"- **{a.name}**: the same as the balance, {balance}.")
    return "\n".join(lines)


def _past_day(ctx: FlowContext, filled: Filled) -> tuple[date, bool] | None:
    """The day whose opening balance is asked, and whether it was asked as a start ("at the end of last month":
    1 December's, not; "at the start of the month": the 1st's, so), when that day has begun (today's start is
    yesterday's end); None for the balance now."""
    period, start_of = filled.get("period", DateRange), _START_OF.search(ctx.turn.text)
    day: date | None = None
    if period is None and start_of is not None:  # "at the start of the month": this one
        starts = {"month": ctx.today.replace(day=1), "year": ctx.today.replace(month=1, day=1)}
        starts["week"] = ctx.today - timedelta(days=ctx.today.weekday())
        day = starts.get(start_of.group("unit").lower())
    elif period is not None:
        day = period.start if start_of is not None else period.end + timedelta(days=1)
    return (day, start_of is not None) if day is not None and day <= ctx.today else None


def _past(
    ctx: FlowContext, accounts: list[AccountView], asked: tuple[date, bool], action: dict[str, object]
) -> Outcome:
    """The balances at the start of the day asked (the end of the day before), from the statement lines before it."""
    day, at_start = asked
    action = {**action, "asked": "past_balance", "day": day.isoformat()}
    first = ledger.statement_start(db=ctx.db, owner_id=ctx.owner)
    if first is None or day <= first:
        since = f" It starts on {_long(first)}." if first is not None else ""
        return Outcome(
            f"I can't see your balance then: your statement here doesn't go that far back.{since}", (action,)
        )
    balances = ledger.balances_before(db=ctx.db, owner_id=ctx.owner, day=day)
    shown = [a for a in accounts if a.id in balances]
    when = f"at the start of **{_long(day)}**" if at_start else f"at the end of **{_long(day - timedelta(days=1))}**"
    rows = [(a.name, a.masked_number, format_cents(balances[a.id], a.currency)) for a in shown]
    text = f"Your balances {when}:\n\n" + table(["Account", "Number", "Balance"], rows, "llr")
    cash = [a for a in shown if a.kind != "credit"]
    if len(cash) > 1:
        total = format_cents(sum(balances[a.id] for a in cash), cash[0].currency)
        text += f"\n\nTotal in {' and '.join(a.name for a in cash)}: **{total}**."
    if len(shown) < len(accounts):
        text += "\n\nAccounts opened after then aren't listed."
    return Outcome(text + "\n\nSay **my balance** for today's.", (action,))


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    everything = bank_accounts.list_accounts(db=ctx.db, owner_id=ctx.owner)
    action = {"tool": "list_accounts", "accounts": len(everything)}
    if not everything:
        return Outcome("You don't have any accounts with us yet.", (action,))
    if asks_borrowing(ctx.turn.text):
        return Outcome(_borrowing(everything), ({**action, "asked": "borrowing"},))
    if _AVAILABLE_MEANS.search(ctx.turn.text):
        return Outcome(_available_explained(everything), ({**action, "asked": "available"},))
    if _OVERDRAFT.search(ctx.turn.text):
        text = "\n\n".join(_overdrafts(everything)) or f"{NO_OVERDRAFT} To ask for one, say **talk to a person**."
        if _CHANGE_LIMIT.search(ctx.turn.text) and _overdrafts(everything):
            text += f"\n\n{limits.changed_by_team('the limit')}"
        return Outcome(text, ({**action, "asked": "overdraft"},))
    named = filled.get("accounts", Accounts)
    past = _past_day(ctx, filled)
    if past is not None:  # "what was my balance at the end of last month"
        asked = [a for a in everything if named is None or a.id in named.ids]
        return _past(ctx, asked or everything, past, action)
    net = bool(_NET.search(ctx.turn.text))  # "net worth including the credit card": all of them, not the card
    chosen = [a for i in named.ids for a in everything if a.id == i] if named and not net else []
    if len(chosen) == 1:
        text = _one(chosen[0])
        if chosen[0].kind == "credit" and _CHANGE_LIMIT.search(ctx.turn.text) and _LIMIT_WORD.search(ctx.turn.text):
            text += f"\n\n{limits.changed_by_team('the credit limit')}"  # "can i increase my credit limit"
        return Outcome(text, ({**action, "account_id": chosen[0].id},))
    shown = chosen or everything
    rows = [
        (
            a.name,
            a.masked_number,
            format_cents(a.balance_cents, a.currency),
            format_cents(a.available_cents, a.currency),
        )
        for a in shown
    ]
    cash = [a for a in shown if a.kind != "credit"]
    total = sum(a.balance_cents for a in cash)
    names = " and ".join(a.name for a in cash) if chosen else "checking and savings"
    text = "Here are your balances:\n\n" + table(["Account", "Number", "Balance", "Available"], rows, "llrr")
    if cash:
        text += f"\n\n{'Together' if chosen else 'Total in'} {names}: **{format_cents(total, shown[0].currency)}**."
    owed = sum(-a.balance_cents for a in shown if a.kind == "credit" and a.balance_cents < 0)
    if net:
        text += (
            f" Less the {format_cents(owed, shown[0].currency)} you owe on credit cards, your net worth with us is "
            f"**{format_cents(total - owed, shown[0].currency)}**."
        )
    items = tuple(Subject("check_balance", {"accounts": to_json(Accounts((a.id,)))}) for a in shown)
    return Outcome(text, ({**action, "shown": [a.id for a in shown], "total_cents": total},), items)


def _own_only(ctx: FlowContext, filled: Filled) -> Problem | None:
    """Only the customer's own balances are shown: "whats alices balance" names a payee, not an account."""
    whose = _WHOSE.search(ctx.turn.text) if not filled.has("accounts") else None
    whose = whose or _ABOUT_SOMEONE.match(ctx.turn.text)  # "what about bob" after a balance: Bob's, not ours again
    payee = bank_payees.find_payee(db=ctx.db, owner_id=ctx.owner, words=whose.group(1)) if whose else None
    if payee is None:
        return None  # the payee list is read only when a name owns the balance asked about
    name = payee.name
    return Problem(
        None,
        f"I can only show the balances of your own accounts, so I can't tell you {name}'s. "
        "Say **my balance** for yours.",
    )


BALANCE = Flow(
    name="check_balance",
    purpose="Tell the customer the balance of one, several or all of their accounts, with totals.",
    agent="accounts",
    slots=(ACCOUNTS, AGGREGATE, PERIOD),
    act=_act,
    check=_own_only,
)
