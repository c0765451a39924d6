"""Balance: one account, several ("savings and checking combined"), or all of them with the total."""

from __future__ import annotations

import re

from bankchat.agents.dates import DateRange, when_phrase
from bankchat.agents.flows import limits
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Problem, Slot
from bankchat.agents.flows.values import Accounts, Aggregate, to_json
from bankchat.agents.knowledge import fact
from bankchat.agents.patterns import one_of
from bankchat.agents.tables import table
from bankchat.agents.types import Subject
from bankchat.bank import accounts as bank_accounts
from bankchat.bank import payees as bank_payees
from bankchat.bank.accounts import AccountView
from bankchat.bank.money import format_cents

_OVERDRAFT = one_of(r"overdrafts?|overdrawn|o/d")
"""A question about the arranged overdraft, answered with it rather than with the balances."""
_NET = one_of(r"net worth|net position|net balance|what i'?m worth|after (?:what i owe|my debts?)")
"""Everything the customer has less what they owe on credit cards: every account, whichever one is named."""
ACCOUNTS = Slot("accounts", (Accounts,), fills=("accounts",), description="The accounts asked about; none: all.")
AGGREGATE = Slot("aggregate", (Aggregate,), fills=("aggregate",), description="A total across the accounts named.")
PERIOD = Slot("period", (DateRange,), fills=("period",), description="A past date asked about: no balance is kept.")
PAST = (
    "I can only see your balances as they are now, not what they were {when}. For what happened {when}, say "
    "**statement for {month}** (each payment with the balance after it) or **spending {when}**."
)
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


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    past = filled.get("period", DateRange)
    if past is not None and past.end < ctx.today:  # "how about last month": no past balance is kept
        now = _now(ctx, filled)
        when = when_phrase(past)
        said = PAST.format(when=when, month=f"{past.end:%B %Y}")
        return Outcome(f"{said}\n\n{now.text}", tuple({**a, "asked": "past"} for a in now.actions), now.items)
    return _now(ctx, filled)


def _now(ctx: FlowContext, filled: Filled) -> Outcome:
    everything = bank_accounts.list_accounts(db=ctx.db, owner_id=ctx.owner)
    action = {"tool": "list_accounts", "accounts": len(everything)}
    if not everything:
        return Outcome("You don't have any accounts with us yet.", (action,))
    if asks_borrowing(ctx.turn.text):
        return Outcome(_borrowing(everything), ({**action, "asked": "borrowing"},))
    if _OVERDRAFT.search(ctx.turn.text):
        text = "\n\n".join(_overdrafts(everything)) or f"{NO_OVERDRAFT} To ask for one, say **talk to a person**."
        if _CHANGE_LIMIT.search(ctx.turn.text) and _overdrafts(everything):
            text += f"\n\n{limits.changed_by_team('the limit')}"
        return Outcome(text, ({**action, "asked": "overdraft"},))
    named = filled.get("accounts", Accounts)
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
