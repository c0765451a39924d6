"""How customers ask about refunds on their own statement ("has amazon refunded me", "did asos give me my money
back") rather than how to get one or why one has not arrived (those are the articles).

Plain functions of the words, for the understanding stage (which picks the list of transactions) and the
transactions flow (which answers about one merchant's refunds when a merchant is named).
"""

from __future__ import annotations

import re

_REFUND = r"refunds?|refunded|reimburs\w*|money back"
"""A refund in customers' words; "paid me back" is left to money in (a friend pays back, a company refunds)."""
_REFUNDS = re.compile(rf"\b(?:{_REFUND})\b", re.IGNORECASE)
_LOOKS_AT_OWN = re.compile(
    r"\b(?:show|list|see|view|any|all|check|find|did i (?:get|receive)|have i (?:had|got|received|been)|how much|"
    r"how many|were there|was there|refunded me|my refunds|recent(?:ly)?|last (?:week|month|year)|this (?:week|month|"
    r"year))\b"
    r"|^\W*(?:did|has|have)\s+(?!i\b|my\b|the\b|it\b|you\b)[\w&'+.-]+(?:\s+[\w&'+.-]+)?\s+"
    r"(?:refund(?:ed)?|give|given|gave|pay|paid|send|sent|return(?:ed)?)\s+(?:me|us)\b",
    re.IGNORECASE,
)
"""Looking at what came in: a verb of seeing, "any", a period, or a company as the one that gave ("did asos give
me my money back", "has amazon paid me back")."""
_ASKS_FOR_ONE = re.compile(
    r"\b(?:how (?:do|can|long|to)|can i|could i|want|need|request|ask for|(?<!did i )(?<!have i )get (?:a|my money)|"
    r"not (?:showing|arrived|received|come)|hasn'?t|haven'?t|still|yet|waiting|where is|where'?s|missing|never)\b",
    re.IGNORECASE,
)
"""Asking for a refund, or for one that has not come: "how do i get a refund", "my refund hasn't shown up"."""


_NAME = r"[a-z][\w&'.+-]*(?:\s+[a-z][\w&'.+-]*)?"
_NAMED_REFUND = re.compile(
    rf"^\W*(?:any\s+)?(?:(?P<before>{_NAME})\s+refunds?|refunds?\s+(?:from|by)\s+(?P<after>{_NAME}))"
    r"(?:\s+(?:please|pls|thanks))?\W*$",
    re.IGNORECASE,
)
"""A company and the word refund, and nothing else: "amazon refund?", "asos refunds", "refunds from argos"."""
_NOT_A_COMPANY = frozenset(
    {
        "a", "an", "the", "my", "our", "your", "any", "no", "full", "partial", "get", "want", "need", "request",
        "ask", "how", "where", "what", "when", "why", "pending", "late", "missing", "lost", "card", "cash", "tax",
        "transfer", "instant", "quick", "money", "top", "up", "top up", "fee", "charge", "exchange",
    }
)  # fmt: skip
"""Words before "refund" that say which kind of refund, not whose ("a full refund?", "pending refund")."""


def names_company_refund(text: str) -> bool:
    """ "amazon refund?", "refunds from asos": a company's refunds asked about in two or three words (a list of
    them), not "a full refund?" or "pending refund" (the articles)."""
    said = _NAMED_REFUND.match(text)
    if said is None:
        return False
    name = (said.group("before") or said.group("after")).lower()
    return not ({name, *name.split()} & _NOT_A_COMPANY)


def mentions_refund(text: str) -> bool:
    """Whether the words speak of a refund ("refunded", "my money back", "paid me back")."""
    return _REFUNDS.search(text) is not None


def asks_own_refunds(text: str) -> bool:
    """ "any refunds recently?", "did i get any refunds this month", "has amazon refunded me", "did asos give me my
    money back", "amazon refund?": the refunds on the customer's own statement (a list), not how to get one or why
    one has not arrived (the articles)."""
    looks = bool(_LOOKS_AT_OWN.search(text)) or names_company_refund(text)
    return mentions_refund(text) and looks and not _ASKS_FOR_ONE.search(text)
