"""How long a dispute takes, and how long the customer has to raise one: a question, never a new dispute.

"how long does a dispute take", asked while a dispute waits for "which payment?", was read as the dispute
again and the list came back with the question unanswered; asked alone it opened a dispute.
"""

from __future__ import annotations

import re

from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome
from bankchat.agents.knowledge import fact

_CASE = r"(?:disputes?|chargebacks?|claims?|cases?|investigations?)"
_TIME = re.compile(
    rf"\b(?:how long|how many (?:days|weeks)|how quick(?:ly)?|how soon|when will i (?:hear|know|get)|time ?frame"
    rf"|timescales?)\b.{{0,40}}\b{_CASE}\b"
    rf"|\b{_CASE}\b.{{0,30}}\b(?:take|takes|taking)\b.{{0,15}}\b(?:long|days|weeks)\b"
    rf"|\bhow long do i have to (?:dispute|raise|report|claim)\b",
    re.IGNORECASE,
)

_REPORTED = re.compile(
    r"\b(?:don'?t|dont|do not|didn'?t|didnt|did not|never)\s+(?:recogni[sz]e|make|made|buy|bought|authori[sz]e|order)"
    r"|\b(?:wasn'?t|wasnt|not) (?:me|mine)\b|\bcharged (?:me )?twice\b"
    r"|\b(?:want|like|need|wanna) to (?:dispute|claim)\b|^\W*(?:pls |please )?dispute\b",
    re.IGNORECASE,
)
"""A payment reported in the same message: the dispute is opened first (its answer gives the time)."""

ANSWER = (
    "- Our team looks into a dispute usually within **{dispute_review_time}** of it being opened; ask **what's "
    "happening with my dispute** at any time to see where it stands.\n"
    "- If it's upheld, we refund the payment to your account.\n"
    "- You can dispute a card payment up to **{dispute_window}** after it was made."
)


def asks_dispute_time(text: str) -> bool:
    """ "how long does a dispute take", "how long do i have to dispute a payment", "when will i hear about my
    claim"." With a payment reported too ("i dont recognise a payment, how long will it take") the dispute is
    opened, and its answer says how long it takes."""
    return bool(_TIME.search(text)) and not _REPORTED.search(text)


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    text = ANSWER.format(dispute_review_time=fact("dispute_review_time"), dispute_window=fact("dispute_window"))
    return Outcome(text, ({"tool": "dispute_timing"},))


DISPUTE_TIMING = Flow(
    name="dispute_timing",
    purpose="Say how long a dispute takes and how long the customer has to raise one (never opens one).",
    agent="transactions",
    act=_act,
)
