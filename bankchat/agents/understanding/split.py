"""Two requests in one message ("check my balance and also freeze my debit card"), each kept.

Texting style joins them too: "pay mum 25 & alice 10", "check balance n freeze my card".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bankchat.agents.router import Route

_JOINER = re.compile(
    r"\s*(?:,\s*)?\b(?:and also|and then|and|also|then|plus|as well as|n)\b\s*|\s+&\s+|\s*;\s*|(?<=[.!?])\s+(?=\w)",
    re.IGNORECASE,
)
MIN_CONFIDENCE = 0.5
"""Each part must be understood at least this well for the message to be split."""
MAX_PARTS = 3


def split_requests(
    text: str,
    classify: Callable[[str], Route],
    actionable: Callable[[Route], bool],
    separate: Callable[[str, Route], bool] = lambda part, chosen: False,
) -> list[str]:
    """The parts of ``text`` that are requests of their own, in order; ``[text]`` when it is one request.

    A message is split at "and", "also", "then", ";" or a sentence end only when every part is
    understood on its own (``actionable``, confident) and the parts ask for different things:
    "savings and checking combined" stays whole. Parts that ask for the same thing are kept
    apart only when each is complete on its own (``separate``): "send bob 20 and alice 15" is
    two transfers, "send 20 from checking and put it in savings" one.
    """
    if not _JOINER.search(text):
        return [text]
    parts = [p.strip(" ,.") for p in _JOINER.split(text)]
    parts = [p for p in parts if p]
    if not 2 <= len(parts) <= MAX_PARTS:
        return [text]
    routes = [classify(part) for part in parts]
    if any(r.confidence < MIN_CONFIDENCE or not actionable(r) for r in routes):
        return [text]
    intents = [r.intent for r in routes]
    repeated = [(p, r) for p, r in zip(parts, routes, strict=True) if intents.count(r.intent) > 1]
    if not all(separate(part, chosen) for part, chosen in repeated):
        return [text]
    return parts


_ELLIPSIS = re.compile(
    r"^(?P<head>.+?)\s*,?\s+\b(?:and also|and|also|plus|as well as)\s+(?:what about\s+|how about\s+|also\s+)?"
    r"(?P<tail>(?:on|for|at|in|from|with)\s+[\w' &-]{2,40}?)[\s?.!]*$",
    re.IGNORECASE,
)


def ellipsis(text: str) -> tuple[str, str] | None:
    """``(head, tail)`` when a message ends with a short second question left unsaid ("... and also on coffee")."""
    match = _ELLIPSIS.match(text)
    if match is None or len(match.group("tail").split()) > 4:
        return None
    return match.group("head"), match.group("tail")
