"""Slot extraction shared by the specialists: counts, categories, merchants, directions."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from bankchat.bank.fuzzy import nearest
from bankchat.bank.ledger import CATEGORIES, CATEGORY_GROUPS

CATEGORY_WORDS: dict[str, str] = {
    "grocery": "groceries", "groceries": "groceries", "supermarket": "groceries", "food shopping": "groceries",
    "restaurant": "dining", "restaurants": "dining", "dining": "dining", "eating out": "dining", "takeaway": "dining",
    "coffee": "coffee", "cafe": "coffee", "coffees": "coffee",
    "food": "food", "food and drink": "food", "eating and drinking": "food", "food and drinks": "food",
    "transport": "transport", "travel": "transport", "train": "transport", "tube": "transport", "taxi": "transport",
    "uber": "transport", "bus": "transport", "commute": "transport",
    "rent": "rent", "mortgage": "rent", "utilities": "utilities", "bills": "utilities", "electricity": "utilities",
    "energy": "utilities", "water": "utilities", "internet": "utilities", "phone bill": "utilities",
    "gas": "utilities", "gas bill": "utilities", "gas bills": "utilities", "electric bill": "utilities",
    "broadband": "utilities",
    "subscription": "subscriptions", "subscriptions": "subscriptions", "streaming": "subscriptions",
    "shopping": "shopping", "clothes": "shopping", "online shopping": "shopping",
    "salary": "salary", "wages": "salary", "income": "salary", "eat out": "dining", "ate out": "dining",
    "eating": "dining", "meals out": "dining",
    "refund": "refund", "refunds": "refund", "refunded": "refund", "cash": "cash", "atm": "cash", "withdrawal": "cash",
    "withdrawals": "cash", "entertainment": "entertainment", "cinema": "entertainment", "health": "health",
    "pharmacy": "health", "gym": "health", "transfers": "transfer",
}  # fmt: skip
_COUNT = re.compile(
    r"\b(?:last|latest|recent|past|previous|top|first)\s+(\d{1,3})\b(?!\s*(?:days?|weeks?|months?))"
    r"|(?<![£$€.,\d])\b(\d{1,3})\s+(?:biggest|largest|smallest|cheapest|highest|lowest|priciest|most expensive|"
    r"latest|most recent|recent)\b"
)
"""How many: "last 5 transactions", "top 3", or the number before a ranking word ("my 3 biggest payments")."""


def count_asked(text: str, default: int = 10, most: int = 50) -> int:
    """How many items the customer asked for ("last 5 transactions"), within 1..``most``."""
    m = _COUNT.search(text.lower())
    return max(1, min(int(m.group(1) or m.group(2)), most)) if m else default


def category_in(text: str) -> str | None:
    """The ledger category the text names, if any ("eating out" → dining; typos forgiven: "groceris")."""
    t = f" {text.lower()} "
    for phrase, pattern in _CATEGORY_PHRASES:
        if pattern.search(t):
            category = CATEGORY_WORDS[phrase]
            return category if category in CATEGORIES or category in CATEGORY_GROUPS else None
    for word in re.findall(r"[a-z]+", t):
        if word in _NOT_TYPOS:
            continue
        known = nearest(word, _CATEGORY_TYPO_WORDS)
        if known is not None and CATEGORY_WORDS[known] in CATEGORIES:
            return CATEGORY_WORDS[known]
    return None


_CATEGORY_PHRASES = tuple(
    (phrase, re.compile(rf"\b{re.escape(phrase)}\b")) for phrase in sorted(CATEGORY_WORDS, key=len, reverse=True)
)
"""Each category phrase with its whole-word pattern, longest first (compiled once, not per message)."""
_NOT_TYPOS = frozenset({"interest", "interests", "internal", "entertain", "refunded", "shipping", "healthy"})
"""Words of their own that sit a letter or two from a category word ("interest" is no typo of "internet")."""
_CATEGORY_TYPO_WORDS = frozenset(w for w in CATEGORY_WORDS if " " not in w and len(w) >= 5)
"""The category words long enough to forgive a typo in."""


_LEAVING_OUT = re.compile(
    r"\b(?:not counting|not including|excluding|exclude|except(?: for)?|apart from|other than|aside from|"
    r"leaving out|leave out|minus|ignoring|ignore|without counting|but not)\s+(?:the |my |any |all )?"
    r"(?P<what>[a-z'& ]+?)(?=\s*(?:[,.?!;)]|\b(?:and|this|last|in|for|since|on|from|during|over|so far)\b|$))",
    re.IGNORECASE,
)
"""What a message leaves out of a total ("spending this month not counting rent", "everything except bills")."""


def left_out(text: str) -> tuple[str, str] | None:
    """The words a message leaves out of its question and the message without them, or None."""
    m = _LEAVING_OUT.search(text)
    if m is None:
        return None
    return m.group("what").strip(), " ".join((text[: m.start()] + " " + text[m.end() :]).split())


def merchant_in(text: str, merchants: Sequence[str]) -> str | None:
    """The known merchant the text names ("Netflix", "pret"), longest match first; a typo of a name of five
    letters or more is forgiven ("waitroze", "tescos": ``bank.fuzzy``'s rules)."""
    t = text.lower()
    plain = t.replace("'", "")
    patterns = _merchant_patterns(tuple(merchants))
    for name, whole, first in patterns:
        if (whole is not None and whole.search(plain)) or (first is not None and first.search(t)):
            return name  # whole words only: "coffee" names no "EE"
    by_word = {word: name for name, word in _typo_words(tuple(merchants))}
    for typed in re.findall(r"[a-z]{5,}", plain):
        known = nearest(typed, by_word)
        if known is not None:
            return by_word[known]
    return None


@functools.lru_cache(maxsize=256)
def _typo_words(merchants: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Each merchant with its first word, where that word is long enough to forgive a typo in."""
    words = ((name, (name.lower().replace("'", "").split() or [""])[0]) for name in merchants)
    return tuple((name, word) for name, word in words if len(word) >= 5 and word.isalpha())


_Pattern = re.Pattern[str] | None


@functools.lru_cache(maxsize=256)
def _merchant_patterns(merchants: tuple[str, ...]) -> tuple[tuple[str, _Pattern, _Pattern], ...]:
    """Each merchant, longest first, with its whole-name pattern and the pattern of its short names: its first
    word (of 4+ letters) and, for a name of three words or more, its last two ("council tax" for "Lambeth
    Council Tax"); compiled once per customer's list of merchants, not per message."""
    found: list[tuple[str, _Pattern, _Pattern]] = []
    for name in sorted(merchants, key=len, reverse=True):
        simple = name.lower().replace("'", "")
        words = simple.split()
        short = [words[0]] if words and len(words[0]) >= 4 else []
        short += [" ".join(words[-2:])] if len(words) >= 3 else []
        whole = re.compile(rf"(?<![a-z0-9]){re.escape(simple)}(?![a-z0-9])") if simple else None
        either = "|".join(re.escape(s) for s in short)
        found.append((name, whole, re.compile(rf"\b(?:{either})\b") if short else None))
    return tuple(found)


def direction_in(text: str) -> str | None:
    """``in`` for money received, ``out`` for money spent, None when not said."""
    t = text.lower()
    if re.search(
        r"\b(received|income|incoming|deposits?|paid in|credits?|refunds? (?:i )?got|earned"
        r"|(?:came|come|coming|comes|went|gone|going|money|paid) in(?!to\b|\s+(?:on|at|for)\b))\b",
        t,
    ):
        return "in"
    if re.search(
        r"\b(spent|spend|spending|paid|payments?|purchases?|bought|outgoing|debits?|sent(?! me)|transferred"
        r"|(?:went|gone|going|goes|money) out)\b",
        t,
    ):
        return "out"
    return None


_NOT_WHO = (
    r"(?!(?:me|it|him|her|them|us|the|a|an|someone|somebody|my|our|savings|checking|current|other|"
    r"own|account|credit|card|bank|pay|send|transfer|move|make|do|put|get|check|see|know|wire|give|top|be|have|go|"
    r"set|keep|start|stop|cancel|change|money|cash|back|off|everything|all|that|this)\b)"
)
_RECIPIENT = re.compile(
    rf"\bto\s+(my\s+)?{_NOT_WHO}([a-z]+)\b"  # "i need to pay my rent, 700 to landlord": the landlord
    rf"|^\W*(?:(?:please|pls|can you|could you)\s+)?(?:send|pay|give|wire)\s+(my\s+)?{_NOT_WHO}([a-z]+)\s+(?=£?\d)",
    re.IGNORECASE,  # "send mum 15": Mum
)


def recipient_named(text: str) -> str | None:
    """Who a message sends to, in its own words ("to mum": "Mum", "to my sister": "Your sister"); None for a
    pronoun, an article or the words of the customer's own accounts ("to her", "to savings")."""
    found = _RECIPIENT.search(text)
    if found is None:
        return None
    mine, who = (found.group(1), found.group(2)) if found.group(2) else (found.group(3), found.group(4))
    return f"Your {who}" if mine else who.capitalize()
