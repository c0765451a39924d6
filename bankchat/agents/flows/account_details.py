"""Account details: which account is which, for sharing or checking ("what's my sort code?").

Only the last four digits of an account number are stored (``Account.masked_number``), so the
chat never shows a full number: it lists the accounts by their last four digits and says where
the full details are, rather than answering a question about a sort code with another topic.
"""

from __future__ import annotations

from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome
from bankchat.agents.tables import table
from bankchat.bank import accounts as bank_accounts

KINDS = {"checking": "current account", "savings": "savings account", "credit": "credit card"}
WHERE = (
    "For your security I never show full account numbers in chat. Your sort code, full account number "
    "and IBAN are in the app under **Accounts → Account details**, ready to copy and share; to receive "
    "money, give the sender those (never your card number or passcode)."
)


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    accounts = bank_accounts.list_accounts(db=ctx.db, owner_id=ctx.owner)
    action = {"tool": "list_accounts", "accounts": len(accounts), "shown": [a.id for a in accounts]}
    if not accounts:
        return Outcome("You don't have any accounts with us yet.", (action,))
    rows = [(a.name, KINDS.get(a.kind, a.kind), a.masked_number, a.currency) for a in accounts]
    text = "Your accounts:\n\n" + table(["Account", "Type", "Number", "Currency"], rows, "llll") + "\n\n" + WHERE
    return Outcome(text, (action,))


ACCOUNT_DETAILS = Flow(
    name="account_details",
    purpose="Show which accounts the customer has (last four digits) and where their full details are.",
    agent="accounts",
    act=_act,
)
