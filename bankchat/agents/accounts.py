"""The accounts specialist: balances of one or all accounts, and available credit."""

from __future__ import annotations

from bankchat.agents.tables import table
from bankchat.agents.types import Reply, Turn
from bankchat.bank import accounts as bank_accounts
from bankchat.bank.money import format_cents
from bankchat.db import session_scope

NAME = "accounts"
INTENTS = frozenset({"check_balance"})


def handle(turn: Turn, intent: str, confidence: float) -> Reply:
    """Answer with real balances from the database."""
    owner = turn.customer.user_id
    with session_scope() as db:
        everything = bank_accounts.list_accounts(db=db, owner_id=owner)
        one = bank_accounts.find_account(db=db, owner_id=owner, words=turn.text)
    action = {"tool": "list_accounts", "accounts": len(everything)}
    if not everything:
        return Reply("You don't have any accounts with us yet.", NAME, intent, confidence, [action])
    if one is not None:
        if one.kind == "credit":
            owed = -one.balance_cents if one.balance_cents < 0 else 0
            text = (
                f"Your **{one.name}** ({one.masked_number}) has **{format_cents(one.available_cents, one.currency)}** "
                f"of available credit out of a {format_cents(one.credit_limit_cents, one.currency)} limit. "
                f"You currently owe {format_cents(owed, one.currency)}."
            )
        else:
            text = (
                f"Your **{one.name}** ({one.masked_number}) balance is "
                f"**{format_cents(one.balance_cents, one.currency)}**."
            )
            if one.available_cents != one.balance_cents:
                text += f" Available to spend: {format_cents(one.available_cents, one.currency)}."
        return Reply(text, NAME, intent, confidence, [{**action, "account_id": one.id}])
    rows = [
        (
            a.name,
            a.masked_number,
            format_cents(a.balance_cents, a.currency),
            format_cents(a.available_cents, a.currency),
        )
        for a in everything
    ]
    cash = sum(a.balance_cents for a in everything if a.kind != "credit")
    currency = everything[0].currency
    text = (
        "Here are your balances:\n\n"
        + table(["Account", "Number", "Balance", "Available"], rows, "llrr")
        + f"\n\nTotal in checking and savings: **{format_cents(cash, currency)}**."
    )
    return Reply(text, NAME, intent, confidence, [action])
