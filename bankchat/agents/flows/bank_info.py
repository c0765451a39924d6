"""About the bank itself: branches (it has none) and when people are there to help (the chat never closes)."""

from __future__ import annotations

import re

from bankchat.agents.flows.handoff import HOURS
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome
from bankchat.agents.knowledge import fact

_BRANCH = re.compile(r"\bbranch(?:es)?\b", re.IGNORECASE)
_HOURS = re.compile(
    r"\b(?:opening hours|open(?:ing)? times|what time (?:do|does) (?:you|the bank|your team|it) (?:open|close|shut)"
    r"|when (?:do|does|are) (?:you|the bank|your team) (?:open|close|shut)|are (?:you|u) (?:open|closed)"
    r"|(?:you|u) open (?:today|now|on sundays?|at weekends?|24/7))\b",
    re.IGNORECASE,
)

BRANCHES = (
    "BankChat Bank has no branches: everything is done in the app, on the web and here in this chat. For cash, any "
    "cash machine with the Visa or Mastercard logo works (the first {atm_free_allowance} each month is free)."
)
OPEN = (
    "I'm here any time, day or night: balances, payments and cards, and a lost or stolen card is blocked at once. "
    "Our team of people answers {hours}. Say **talk to a person** to ask for one."
)


def asks_about_the_bank(text: str) -> bool:
    """ "wheres my nearest branch", "what time do u close", "are you open on sundays"."""
    return _BRANCH.search(text) is not None or _HOURS.search(text) is not None


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    text = ctx.turn.text
    parts = []
    if _BRANCH.search(text):
        parts.append(BRANCHES.format(atm_free_allowance=fact("atm_free_allowance")))
    if _HOURS.search(text) or not parts:
        parts.append(OPEN.format(hours=HOURS))
    return Outcome("\n\n".join(parts), ({"tool": "bank_info"},))


BANK_INFO = Flow(
    name="bank_info",
    purpose="Say that the bank has no branches, and when its people are there (the assistant never closes).",
    agent="support",
    act=_act,
)
