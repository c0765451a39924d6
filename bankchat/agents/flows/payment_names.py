"""How a payment's slots are named to the customer: whom it pays, whom it may pay, and the payment that waits.

A transfer and a standing order ask and remind in the same words; these are those words, once.
"""

from __future__ import annotations

from collections.abc import Callable

from bankchat.agents.flows.spec import Filled, FlowContext
from bankchat.agents.flows.values import AccountRef, Money, PayeeRef
from bankchat.bank import accounts as bank_accounts
from bankchat.bank import payees as bank_payees
from bankchat.bank.money import format_cents
from bankchat.errors import AccountNotFound, PayeeNotFound


def target_name(ctx: FlowContext, filled: Filled) -> str:
    """The name of the account or payee in the ``target`` slot ("" when none, or when it no longer exists)."""
    target = filled.values.get("target")
    try:
        if isinstance(target, AccountRef):
            return bank_accounts.get_account(db=ctx.db, owner_id=ctx.owner, account_id=target.id).name
        if isinstance(target, PayeeRef):
            return bank_payees.get_payee(db=ctx.db, owner_id=ctx.owner, payee_id=target.id).name
    except (AccountNotFound, PayeeNotFound):
        pass
    return ""


def targets_offered(ctx: FlowContext, besides: AccountRef | None = None) -> str:
    """Whom a payment may go to, in bold: the customer's accounts (no credit card, nor ``besides``, the account
    it comes from), then their saved payees ("**Checking**, **Savings**, **Bob**")."""
    options = [
        a.name
        for a in bank_accounts.list_accounts(db=ctx.db, owner_id=ctx.owner)
        if a.kind != "credit" and (besides is None or a.id != besides.id)
    ]
    options += [p.name for p in bank_payees.list_payees(db=ctx.db, owner_id=ctx.owner)]
    return ", ".join(f"**{o}**" for o in options)


def waiting_payment(noun: str) -> Callable[[FlowContext, Filled], str]:
    """A flow's ``waiting``: the payment as a reminder names it, as far as it is known ("your transfer of £30.00
    to Bob", "your standing order")."""

    def waiting(ctx: FlowContext, filled: Filled) -> str:
        amount, to = filled.get("amount", Money), target_name(ctx, filled)
        what = f"your {noun} of {format_cents(amount.cents)}" if amount else f"your {noun}"
        return f"{what} to {to}" if to else what

    return waiting
