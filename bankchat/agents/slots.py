"""Slot extraction shared by the specialists: counts, categories, merchants, directions."""

from __future__ import annotations

import re

from bankchat.bank.fuzzy import nearest
from bankchat.bank.ledger import CATEGORIES

CATEGORY_WORDS: dict[str, str] = {
    "grocery": "groceries", "groceries": "groceries", "supermarket": "groceries", "food shopping": "groceries",
    "restaurant": "dining", "restaurants": "dining", "dining": "dining", "eating out": "dining", "takeaway": "dining",
    "coffee": "coffee", "cafe": "coffee", "coffees": "coffee",
    "transport": "transport", "travel": "transport", "train": "transport", "tube": "transport", "taxi": "transport",
    "uber": "transport", "bus": "transport", "commute": "transport",
    "rent": "rent", "mortgage": "rent", "utilities": "utilities", "bills": "utilities", "electricity": "utilities",
    "energy": "utilities", "water": "utilities", "internet": "utilities", "phone bill": "utilities",
    "subscription": "subscriptions", "subscriptions": "subscriptions", "streaming": "subscriptions",
    "shopping": "shopping", "clothes": "shopping", "online shopping": "shopping",
    "salary": "salary", "wages": "salary", "pay": "salary", "income": "salary",
    "refund": "refund", "refunds": "refund", "cash": "cash", "atm": "cash", "withdrawal": "cash",
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
    for phrase in sorted(CATEGORY_WORDS, key=len, reverse=True):
        if re.search(rf"\b{re.escape(phrase)}\b", t):
            category = CATEGORY_WORDS[phrase]
            return category if category in CATEGORIES else None
    single = [w for w in CATEGORY_WORDS if " " not in w and len(w) >= 5]
    for word in re.findall(r"[a-z]+", t):
        known = nearest(word, single)
        if known is not None and CATEGORY_WORDS[known] in CATEGORIES:
            return CATEGORY_WORDS[known]
    return None


def merchant_in(text: str, merchants: list[str]) -> str | None:
    """The known merchant the text names ("Netflix", "pret"), longest match first."""
    t = text.lower()
    for name in sorted(merchants, key=len, reverse=True):
        simple = name.lower().replace("'", "")
        first = simple.split()[0] if simple.split() else simple
        plain = t.replace("'", "")
        whole = re.search(rf"(?<![a-z0-9]){re.escape(simple)}(?![a-z0-9])", plain) if simple else None
        if whole or (len(first) >= 4 and re.search(rf"\b{re.escape(first)}\b", t)):
            return name  # whole words only: "coffee" names no "EE"
    return None


def direction_in(text: str) -> str | None:
    """``in`` for money received, ``out`` for money spent, None when not said."""
    t = text.lower()
    if re.search(r"\b(received|income|incoming|deposits?|paid in|credits?|refunds? (?:i )?got|earned)\b", t):
        return "in"
    if re.search(r"\b(spent|spend|spending|paid|payments?|purchases?|bought|outgoing|debits?)\b", t):
        return "out"
    return None
