"""How customers say why they dispute a payment, and which line of a short list they pick.

Plain functions of the words (no data, no flows), for ``understanding.entities``: a reason said
plainly in any message ("i didn't buy that", "charged twice"), a reason given as the answer to
"why?" (also "i don't recognise it", "3", "something else"), and a place in a list ("the 2nd one").
"""

from __future__ import annotations

import re

from bankchat.models import DISPUTE_REASONS

_REASONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "charged_twice",
        re.compile(
            r"\b(?:charged|billed|taken|paid|debited)\s+(?:me\s+)?twice\b|\bdouble[- ]?charged\b|\bduplicate\b"
            r"|\btwo times\b",
            re.I,
        ),
    ),
    (
        "cancelled_subscription",
        re.compile(
            r"\b(?:cancell?ed|cancell?ation|unsubscribed|ended)\b.{0,40}\b(?:subscription|membership|trial|plan|it)\b"
            r"|\bsubscription\b.{0,30}\bcancell?ed\b",
            re.I,
        ),
    ),
    (
        "not_received",
        re.compile(
            r"\b(?:never|didn'?t|did not|haven'?t|have not|not)\s+"
            r"(?:arrived?|came|come|received?|got|get|turned up|delivered)\b"
            r"|\bnever (?:showed|turned) up\b|\bnot (?:been )?delivered\b|\bwasn'?t delivered\b",
            re.I,
        ),
    ),
    (
        "wrong_amount",
        re.compile(
            r"\bwrong (?:amount|price|total)\b|\b(?:charged|billed|took)\s+(?:me\s+)?(?:too much|more|extra)\b"
            r"|\bovercharged\b|\bamount (?:is|was) wrong\b",
            re.I,
        ),
    ),
    (
        "not_recognised",
        re.compile(
            r"\b(?:didn'?t|did not|never)\s+(?:buy|bought|order(?:ed)?|make|made|authori[sz]ed?|purchased?|"
            r"sign(?:ed)? up|agreed?|take|took|use|used|go|went|visit(?:ed)?|ride|rode|eat|ate|stay(?:ed)?|book(?:ed)?|"
            r"subscribed?)\b"
            r"|\bwasn'?t me\b|\bnot mine\b|\bnot me\b",
            re.I,
        ),
    ),
)
"""A reason said plainly, first match wins."""
_ANSWER_ONLY: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("not_recognised", re.compile(r"\brecogni[sz]\w*|\bno idea what\b|\bdon'?t know (?:it|this|that|what)\b", re.I)),
    ("other", re.compile(r"\b(?:something else|other|none of (?:those|these|them)|another reason)\b", re.I)),
)
"""Said as the answer to "why?" (in a message of its own, "i don't recognise it" is the request itself)."""
_NUMBER = re.compile(r"^\W*(?:number\s+|no\.?\s*|#)?(\d)\W*$", re.I)
_PLACES = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "last": -1, "top": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
}  # fmt: skip
_PLACE = re.compile(
    r"\b(?:the\s+)?(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last|top)\b"
    r"(?=\s+(?:one|payment|charge|transaction)\b|\W*(?:please|pls)?\W*$)"
    r"|\b(?:number|no\.?|#)\s*(\d)\b|^\W*(\d|one|two|three|four|five)\W*(?:please|pls)?\W*$",
    re.IGNORECASE,
)
MAX_WORDS = 8
"""A pick is short: "the second one please"."""


def reason_in(text: str, *, answering: bool = False) -> str | None:
    """The reason ``text`` gives (one of ``DISPUTE_REASONS``), or None; ``answering``: as the answer to "why?"."""
    if answering and (number := _NUMBER.match(text)):
        place = int(number.group(1))
        return DISPUTE_REASONS[place - 1] if 1 <= place <= len(DISPUTE_REASONS) else None
    for reason, pattern in _REASONS + (_ANSWER_ONLY if answering else ()):
        if pattern.search(text):
            return reason
    return None


def place_in(text: str) -> int | None:
    """The place in a list ``text`` picks ("the second one" is 2, "the last one" is -1), or None."""
    if len(text.split()) > MAX_WORDS:
        return None
    said = _PLACE.search(text)
    if said is None:
        return None
    word = next(g for g in said.groups() if g is not None).lower()
    return int(word) if word.isdigit() else _PLACES[word]


_WRONG = r"\b(?:is|was|'s)\s+(?:wrong|unfair|incorrect|a mistake|not right)\b"
_REFERENCE = re.compile(r"\bDS-[A-Z0-9]{4}-[A-Z0-9]{4}\b", re.IGNORECASE)
_APPEAL = re.compile(
    r"\b(?:appeal|challenge|contest)\w*\b.{0,40}(?:\bds-|\bdisputes?\b|\bdecision\b|\bcase\b|\brejecti?\w*)"
    rf"|\b(?:dispute|case)\b.{{0,30}}\b(?:decision|rejection)\b.{{0,20}}{_WRONG}"
    rf"|\b(?:that|the|this|your) decision\b.{{0,30}}{_WRONG}"
    r"|\bdisagree\b.{0,30}\b(?:decision|rejection)\b"
    r"|\breopen\w*\b.{0,30}(?:\bds-|\bdisputes?\b|\bcase\b)"
    r"|\blook(?:ed)?\s+at\b.{0,30}(?:\bds-|\bdisputes?\b|\bcase\b).{0,30}\bagain\b",
    re.IGNORECASE,
)
"""Asking for a decided dispute to be looked at again: "I want to appeal DS-7KQ2-M9XD", "that dispute decision is
wrong", "please reopen my dispute"."""


def reference_in(text: str) -> str | None:
    """The dispute case reference a message names ("ds-7kq2-m9xd" is DS-7KQ2-M9XD), or None."""
    said = _REFERENCE.search(text)
    return said.group(0).upper() if said else None


def appeals_decision(text: str) -> bool:
    """Whether the customer asks for a dispute decision to be looked at again (an appeal, not a new dispute)."""
    return bool(_APPEAL.search(text))
