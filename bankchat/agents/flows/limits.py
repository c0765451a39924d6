"""Limits: how much the customer can spend, withdraw, send or top up, from the one facts table and their accounts.

"whats my card limit" and "whats my daily limit" were read as balance questions, and "whats the most i can
withdraw in a day" as off-topic; each is answered here with the limit asked about, or all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome
from bankchat.agents.knowledge import fact
from bankchat.agents.tables import table
from bankchat.bank import accounts as bank_accounts
from bankchat.bank.money import format_cents


@dataclass(frozen=True)
class Limit:
    """One limit: what it applies to, how much (a template over the facts table) and the words that name it."""

    name: str
    amount: str
    words: re.Pattern[str]


def _words(alternation: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{alternation})", re.IGNORECASE)


LIMITS: tuple[Limit, ...] = (
    Limit("Contactless", "{contactless_limit} a payment; chip and PIN above that", _words(r"contactless|tap")),
    Limit(
        "Cash machine withdrawals",
        "{atm_daily_limit} a day",
        _words(r"cash|atm|cashpoint|cash machine|hole in the wall|withdraw|take out|get out"),
    ),
    Limit(
        "Payments and transfers", "{daily_transfer_limit} a day in all", _words(r"transfer|send|pay (?:out|someone)")
    ),
    Limit("Top-ups by card", "{card_top_up_daily_limit} a day", _words(r"top.?up")),
)
_LIMIT = re.compile(
    r"\b(?:card|daily|day|atm|cash|cashpoint|withdrawal|spending|spend|contactless|top.?up)\s+limits?\b"
    r"|\blimits?\s+(?:on|for)\s+(?:my\s+|the\s+)?(?:card|debit|contactless|cash|atm|withdrawals?|spending|top.?ups?)\b"
    r"|\b(?:what(?:'?s| is| are)|whats|tell me|show me)\s+(?:my|the|your)\s+limits\b|\bmy limits\b"
    r"|\b(?:how much|the most|max(?:imum)?)\s+(?:money\s+|cash\s+)?(?:can|could)\s+i\s+(?:withdraw\w*|take out|get out"
    r"|spend|pay)\b.{0,30}\b(?:a day|per day|in a day|each day|daily|at once|cashpoint|cash machine|atm|contactless"
    r"|in one go)\b"
    r"|\b(?:the most|max(?:imum)?)\s+i\s+can\s+(?:withdraw\w*|take out|get out|spend)\b",
    re.IGNORECASE,
)
_NOT_THESE = re.compile(r"\b(?:credit|overdraft|transfer|payment|sending)\s+limits?\b", re.IGNORECASE)
"""The credit limit and overdraft are in the balance answer (which also says who changes them), the transfer
limit on the price list."""
_CHANGE = re.compile(
    r"\b(?:increase|raise|raising|higher|lower|reduce|change|up|extend|bigger)\b.{0,25}\blimits?\b", re.IGNORECASE
)


def changed_by_team(limit: str = "a limit") -> str:
    """Who changes a limit (an overdraft's too): "Changing a limit is done by our team ..."."""
    return f"Changing {limit} is done by our team, not in this chat: say **talk to a person**."


def asks_limits(text: str) -> bool:
    """ "whats my card limit", "whats my daily limit", "how much can i take out at a cashpoint"."""
    return bool(_LIMIT.search(text)) and not _NOT_THESE.search(text)


def _quoted(limit: Limit) -> str:
    """The amount with its facts filled in, so a limit changes in ``facts.toml`` alone."""
    return limit.amount.format(**{key: fact(key) for key in re.findall(r"\{(\w+)\}", limit.amount)})


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    named = [limit for limit in LIMITS if limit.words.search(ctx.turn.text)]
    change = f"\n\n{changed_by_team()}" if _CHANGE.search(ctx.turn.text) else ""
    if len(named) == 1:
        text = f"**{named[0].name}:** {_quoted(named[0])}. Say **what are my limits** for all of them.{change}"
        return Outcome(text, ({"tool": "limits", "limit": named[0].name},))
    credit = [a for a in bank_accounts.list_accounts(db=ctx.db, owner_id=ctx.owner) if a.kind == "credit"]
    rows = [("Card payments", "up to the money available in the account (debit card)")]
    rows += [
        (
            f"{a.name} ({a.masked_number})",
            f"{format_cents(a.credit_limit_cents, a.currency)} credit limit; "
            f"{format_cents(a.available_cents, a.currency)} available",
        )
        for a in credit
    ]
    rows += [(limit.name, _quoted(limit)) for limit in LIMITS]
    text = "Your limits:\n\n" + table(["Limit", "Amount"], rows, "ll") + change
    return Outcome(text, ({"tool": "limits", "limit": None},))


LIMITS_FLOW = Flow(
    name="limits",
    purpose="Say how much the customer can spend, withdraw, send and top up (a question, never a change).",
    agent="support",
    act=_act,
)
