"""The router: picks an intent for a message, with a confidence."""

from __future__ import annotations

import re
from dataclasses import dataclass

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("greeting", re.compile(r"^\s*(hi|hello|hey|hiya|good (morning|afternoon|evening)|greetings)\b", re.I)),
    ("thanks", re.compile(r"\b(thanks|thank you|thx|cheers|much appreciated)\b", re.I)),
    ("goodbye", re.compile(r"^\s*(bye|goodbye|see you|that'?s all|have a nice day)\b", re.I)),
    (
        "help",
        re.compile(r"\b(help|what can you do|what do you do|how does this work|capabilities|menu|options)\b", re.I),
    ),
)


@dataclass(frozen=True)
class Route:
    """The chosen intent and how sure the router is."""

    intent: str
    confidence: float


def route(text: str) -> Route:
    """Exact conversational patterns first; anything else is ``unknown`` for now."""
    for intent, pattern in _RULES:
        if pattern.search(text):
            return Route(intent=intent, confidence=1.0)
    return Route(intent="unknown", confidence=0.0)
