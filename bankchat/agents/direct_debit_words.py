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


_ALL_OF_THEM = r"\b(?:direct ?debits|dds|subscriptions|subs|memberships)\b"
"""Regular payments named in the plural: the customer's list of them, not one to set up or stop."""
_LISTED = re.compile(
    rf"\b(?:what|which|show|list|see|view|check|any|all|my|how many|do i have|have i got)\b.{{0,30}}{_ALL_OF_THEM}"
    rf"|{_ALL_OF_THEM}.{{0,20}}\b(?:do i have|have i got|am i paying|i pay|i have)\b",
    re.IGNORECASE,
)
_EXPLAINED = re.compile(r"\bwhat (?:is|are) (?:a |an )?(?:direct|dd|sub|member)|\bhow do\b.{0,30}\bwork\b", re.I)
"""What a direct debit is, or how they work: the article, not the customer's own."""


_MONTHLY = re.compile(
    r"^\W*(?:what|which|show|list)\b.{0,30}"
    r"\b(?:do (?:i|we) pay|am i paying|(?:comes?|goes|go) out|leaves?|(?:is|gets|are) taken|bills)\b.{0,30}"
    r"\b(?:every|each|a|per)\s+month\b"
    r"|\b(?:my|all my|show|list|what are my)\s+monthly\s+(?:bills|outgoings|subscriptions)\b",
    re.IGNORECASE,
)
"""What goes out each month ("what do i pay every month"): the same list, in words without "direct debit"."""


def asks_direct_debit(text: str) -> bool:
    """ "how do i set up a direct debit", "cancel my netflix subscription", "stop my gym dd", "what direct debits
    do i have"."""
    said = _SETS_UP.search(text) is not None or stops(text) or lists(text)
    return (_REGULAR.search(text) is not None and said and _NOT_THIS.search(text) is None) or bool(
        _MONTHLY.search(text)
    )


def lists(text: str) -> bool:
    """ "what direct debits do i have", "show my subscriptions", "what do i pay every month": the customer's own, not
    how to set one up or stop one, nor what a direct debit is."""
    if _MONTHLY.search(text):
        return True
    return (
        _LISTED.search(text) is not None
        and _EXPLAINED.search(text) is None
        and _SETS_UP.search(text) is None
        and not stops(text)
    )


_SUBSCRIPTIONS = one_of(r"subscriptions?|subs|memberships?|streaming|services i pay for")
_ALL_REGULAR = one_of(r"direct ?debits?|dds?|bills|outgoings|standing orders?|regular payments?")


def only_subscriptions(text: str) -> bool:
    """ "list my subscriptions": subscriptions asked for by that name, so the rent and the bills are left out
    ("my direct debits and subscriptions" and "what do i pay every month" are all of them)."""
    return _SUBSCRIPTIONS.search(text) is not None and _ALL_REGULAR.search(text) is None


def stops(text: str) -> bool:
    """Whether the words ask to stop something ("cancel", "stop paying", "get rid of")."""
    return _STOPS.search(text) is not None


def sets_up(text: str) -> bool:
    """Whether the words ask to set one up, and not to stop one."""
    return _SETS_UP.search(text) is not None and not stops(text)
