"""Two requests in one message ("check my balance and also freeze my debit card"), each kept.

Texting style joins them too: "pay mum 25 & alice 10", "check balance n freeze my card", and a
list of money moves runs on commas: "send mum 10, alice 5 and 20 to savings" (a comma inside
"1,500" joins nothing; other commas join no requests).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bankchat.agents.router import Route
from bankchat.agents.understanding import followups

_JOINS = r"\s*(?:,\s*)?\b(?:and also|and then|and|also|then|plus|as well as|n)\b\s*|\s+&\s+|\s*;\s*|(?<=[.!?])\s+(?=\w)"
_JOINER = re.compile(_JOINS, re.IGNORECASE)
_LIST = re.compile(_JOINS + r"|\s*,\s+", re.IGNORECASE)
"""A comma separates items of a list of money moves only: "my card's lost, can you block it" is one request."""
_CONTINUES = re.compile(r"^(it|it's|its|that's|which|they|they're|this|but)\b", re.IGNORECASE)
"""A part that opens by pointing back goes on telling the first: "mum sent me money and it's not showing"."""
_OPENER = re.compile(
    r"^\s*(?:(?:oh|ok|okay|right|and|also|plus|btw|by the way|um+|uh+|ah+)\b[\s,.!]*)+(?=\w)", re.IGNORECASE
)
"""Words that only lead in ("oh and is my visa frozen? also ..."): no request of their own, so no part."""
MIN_CONFIDENCE = 0.5
"""Each part must be understood at least this well for the message to be split."""
ONE_WORD_CONFIDENCE = 0.8
"""A part of one word must be understood this well: "transactions" is a request, but the "charges" of
"your fees and charges" is the second half of a name."""
MAX_PARTS = 3
_PERIOD = (
    r"(?:(?:for|in|on|during|over)\s+)?(?:(?:the\s+)?(?:last|this|previous|past)\s+(?:week|month|year|weekend)"
    r"|yesterday|today|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*)"
)
_ONLY_A_PERIOD = re.compile(rf"^{_PERIOD}$", re.IGNORECASE)
"""A part that only names a period ("coffee this week and last week"): the same question for that period."""
_BETWEEN = re.compile(r"\bbetween\s+(\S+\s+){1,2}?(and|&|n)\s+\S", re.IGNORECASE)
""""the rate between dollars and euros": one thing named by two words, not two requests."""


def split_requests(
    text: str,
    classify: Callable[[str], Route],
    actionable: Callable[[Route], bool],
    separate: Callable[[str, Route], bool] = lambda part, chosen: False,
) -> list[str]:
    """The parts of ``text`` that are requests of their own, in order; ``[text]`` when it is one request."""
    routed = split_routed(text, classify, actionable, separate)
    return [part for part, _ in routed] if routed else [text]


def split_routed(
    text: str,
    classify: Callable[[str], Route],
    actionable: Callable[[Route], bool],
    separate: Callable[[str, Route], bool] = lambda part, chosen: False,
) -> list[tuple[str, Route]] | None:
    """Each request of its own in ``text`` with its route, in order; None when ``text`` is one request.

    A message is split at "and", "also", "then", ";" or a sentence end only when every part is
    understood on its own (``actionable``, confident) and the parts ask for different things:
    "savings and checking combined" stays whole. Parts that ask for the same thing are kept
    apart only when each is complete on its own (``separate``): "send bob 20 and alice 15" is
    two transfers, "send 20 from checking and put it in savings" one.
    """
    text = shared_amount(_OPENER.sub("", text, count=1))
    if _BETWEEN.search(text):
        return None
    found = _split_at(_JOINER, text, classify, actionable, separate)
    if ", " in text:
        listed = _split_at(_LIST, text, classify, actionable, separate)
        if listed and len(listed) > len(found or ()) and all(separate(part, chosen) for part, chosen in listed):
            return listed
    return found


_SHARED = re.compile(
    r"^(?P<verb>\s*(?:please\s+)?(?:pay|send|transfer|give))\s+(?:to\s+)?(?P<first>[a-z]+)\s*(?:,\s*|\s+)"
    r"(?:and|&|n)\s+(?P<second>[a-z]+)\s+(?P<amount>[£$€]?\d[\d,]*(?:\.\d{1,2})?k?(?:\s*(?:quid|pounds?|gbp))?)"
    r"(?:\s+each)?[\s!.]*$",
    re.IGNORECASE,
)


def shared_amount(text: str) -> str:
    """ "pay mum and alice 10 each" as "pay mum 10 and alice 10": one amount said after two names is each
    one's (each transfer is read back and confirmed on its own); any other text as it is."""
    found = _SHARED.match(text)
    if found is None:
        return text
    verb, first, second, amount = found.group("verb", "first", "second", "amount")
    return f"{verb.strip()} {first} {amount} and {second} {amount}"


def _split_at(
    joiner: re.Pattern[str],
    text: str,
    classify: Callable[[str], Route],
    actionable: Callable[[Route], bool],
    separate: Callable[[str, Route], bool],
) -> list[tuple[str, Route]] | None:
    if not joiner.search(text):
        return None
    parts = [p.strip(" ,.") for p in joiner.split(text)]
    parts = [p for p in parts if p]
    if not 2 <= len(parts) <= MAX_PARTS or any(_same_question(p) for p in parts[1:]):
        return None
    routes = _carry_verbs(parts, [classify(part) for part in parts], actionable, separate)
    if any(r.confidence < _floor(p) or not actionable(r) for p, r in zip(parts, routes, strict=True)):
        return None
    intents = [r.intent for r in routes]
    repeated = [(p, r) for p, r in zip(parts, routes, strict=True) if intents.count(r.intent) > 1]
    if not all(separate(part, chosen) for part, chosen in repeated):
        return None
    return list(zip(parts, routes, strict=True))


def _floor(part: str) -> float:
    return ONE_WORD_CONFIDENCE if len(part.split()) == 1 else MIN_CONFIDENCE


ELLIPTICAL_WORDS = 4
"""A part this short may leave its verb to the part before it ("send bob 20 and priya 15")."""
_MONEY_WORDS = re.compile(r"[£$€]|\b(\d[\d,.]*\w?|p|pence|pounds?|quid|a|an|and|more|another|extra|too)\b", re.I)


def _same_question(part: str) -> bool:
    """A later part that goes on telling the first, or only names another account or period of it."""
    said = (_CONTINUES.match(part), _ONLY_A_PERIOD.match(part))
    return any(said) or followups.names_only_account(part)  # "... savings n checking": a second account


def _carry_verbs(
    parts: list[str],
    routes: list[Route],
    actionable: Callable[[Route], bool],
    separate: Callable[[str, Route], bool],
) -> list[Route]:
    """``routes`` where a short part not understood alone but complete with the verb before it takes that verb.

    "send bob 20 and priya 15": "priya 15" is the same request again, for its own amount and
    payee. A part that is only money ("£20 and 50p") or names nothing new is never a request.
    """
    carried = list(routes)
    for i in range(1, len(parts)):
        weak = carried[i].confidence < MIN_CONFIDENCE or not actionable(carried[i])
        short = len(parts[i].split()) <= ELLIPTICAL_WORDS and _MONEY_WORDS.sub(" ", parts[i]).strip()
        if weak and short and separate(parts[i], carried[i - 1]):
            carried[i] = carried[i - 1]
    return carried


_ELLIPSIS = re.compile(
    r"^(?P<head>.+?)\s*,?\s+\b(?:and also|and|also|plus|as well as)\s+"
    r"(?:what about\s+|how about\s+|also\s+|(?:how much|what)\s+(?:(?:did|have)\s+(?:i|we)\s+(?:spend|spent)\s+)?)?"
    rf"(?P<tail>(?:on|for|at|in|from|with)\s+[\w' &-]{{2,40}}?|{_PERIOD})[\s?.!]*$",
    re.IGNORECASE,
)


def ellipsis(text: str) -> tuple[str, str] | None:
    """``(head, tail)`` when a message ends with a short second question left unsaid ("... and also on coffee")."""
    match = _ELLIPSIS.match(text)
    if match is None or len(match.group("tail").split()) > 4:
        return None
    return match.group("head"), match.group("tail")
