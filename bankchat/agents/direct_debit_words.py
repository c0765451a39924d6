"""How customers ask to set up or stop a direct debit or a subscription ("cancel my gym membership").

Plain functions of the words, for the understanding stage (which picks the flow) and the direct-debits flow
(which picks the answer). A past "i cancelled my subscription but they still charge me" is a dispute, not
this: only the verbs of asking to do it now are read.
"""

from __future__ import annotations

import re

from bankchat.agents.patterns import one_of

_REGULAR = one_of(
    r"direct ?debits?|dd|subscriptions?|subs|memberships?|recurring card payments?|continuous payment authority"
)
_SETS_UP = re.compile(r"\b(?:set ?(?:it |one )?up|setup|start|create|arrange|add|new|open)\b", re.IGNORECASE)
_STOPS = one_of(r"cancel|cancell?ing|stop|stopping|end|terminate|unsubscribe|get rid of|remove|block|quit|close")
_NOT_THIS = re.compile(r"\b(?:recogni[sz]e|unknown|unauthori[sz]ed|fraud\w*|didn'?t|did not|still|wrong)\b", re.I)
"""A direct debit the customer does not know, or one still taken after it ended: a dispute or its article."""


def asks_direct_debit(text: str) -> bool:
    """ "how do i set up a direct debit", "cancel my netflix subscription", "stop my gym dd"."""
    return (
        _REGULAR.search(text) is not None
        and (_SETS_UP.search(text) is not None or stops(text))
        and _NOT_THIS.search(text) is None
    )


def stops(text: str) -> bool:
    """Whether the words ask to stop something ("cancel", "stop paying", "get rid of")."""
    return _STOPS.search(text) is not None


def sets_up(text: str) -> bool:
    """Whether the words ask to set one up, and not to stop one."""
    return _SETS_UP.search(text) is not None and not stops(text)
