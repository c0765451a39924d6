"""Cashback at a shop's till: how it works with BankChat Bank's cards (it was declined as out of scope).

Not one of the 77 articles (the nearest, the cash machine fees, answers another question), so a short answer of
its own: cashback is part of a debit card payment, so the cash machine allowance and fee do not apply. Cashback
*rewards* on spending and cash missing from a till are other questions, left to the classifier.
"""

from __future__ import annotations

import re

from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome
from bankchat.agents.knowledge import fact

_CASHBACK = re.compile(r"\bcash\s?-?\s?backs?\b", re.IGNORECASE)
_OTHER_QUESTION = re.compile(
    r"\b(?:rewards?|earn\w*|percent|offers?|deals?|points|didn'?t|did not|not|never|wrong|missing|short"
    r"|charged|twice|dispute\w*)\b|%|\b(?:my|our|his|her|their)\s+cash\s?-?\s?back\b",
    re.IGNORECASE,
)
"""Cashback as a reward on spending, cash a till failed to give, or "my cash back" (a refund): not how cashback at
a till works."""
ANSWER = (
    "**Cashback at the till**\n\n"
    "Yes, with your **debit card**: at shops that offer it (most supermarkets do), ask for cashback when you pay "
    "by card. You'll usually need to insert the card and enter your PIN, as contactless payments don't include "
    "cash. The shop sets the limit (often £50 to £100, sometimes only with a purchase), and a few small shops charge "
    "for it.\n\n"
    "It shows on your statement as one payment to the shop, the shopping and the cash together. We charge nothing "
    "for it: it's a card payment, not a cash machine withdrawal, so it doesn't use your {allowance} of free "
    "withdrawals a month. Shops don't give cashback on credit cards.\n\n"
    "For cash without shopping, any cash machine works (up to {daily} a day)."
)


def asks_cashback(text: str) -> bool:
    """ "can i get cash back", "can i get cashback at the till", "how much cashback can i take out"."""
    return _CASHBACK.search(text) is not None and _OTHER_QUESTION.search(text) is None


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    answer = ANSWER.format(allowance=fact("atm_free_allowance"), daily=fact("atm_daily_limit"))
    return Outcome(answer, ({"tool": "cashback"},))


CASHBACK = Flow(
    name="cashback",
    purpose="Say how cashback at a shop's till works with the customer's debit card, and what it costs (nothing).",
    agent="support",
    act=_act,
)
