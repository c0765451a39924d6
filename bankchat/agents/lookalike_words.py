"""Words that look like banking and are not: a birthday card is no bank card, paying attention is no payment.

The classifier learnt "card" and "pay" from banking questions, so "send my mum a birthday card" read as a card
delivery and "pay attention to this" started a transfer. These are read before it: a greeting card is out of
scope, and an idiom of "pay" is taken out of the message, so what is left is what the customer asks ("pay
attention and tell me my balance" asks for the balance; "pay attention to this" asks nothing of a bank).
"""

from __future__ import annotations

import re

from bankchat.agents.money import read_amount

_GREETING_CARD = re.compile(
    r"\b(?:birthday|bday|b-day|christmas|xmas|greeting|greetings|get well(?: soon)?|thank ?you|valentines?|"
    r"valentine'?s(?: day)?|anniversary|wedding|engagement|sympathy|condolences?|leaving|retirement|easter|"
    r"mother'?s day|father'?s day|congratulations|congrats|new baby|christening|graduation)\s+cards?\b"
    r"|\bpost ?cards?\b|\b(?:some |a bunch of |a bouquet of )?flowers\b|\bbouquet\b"
    r"|\b(?:a|some|her|his|their|my|birthday|christmas|xmas|wedding) (?:presents?|gifts?)\b",
    re.IGNORECASE,
)
"""A card of an occasion, flowers or a present: something to post or buy, never a bank card or a payment."""
_MONEY = re.compile(r"\b(?:money|cash|funds|transfer|gift ?cards?|vouchers?)\b", re.IGNORECASE)
"""Money named beside the present: "send money as a gift to my son" is a payment, "a gift card" a purchase."""
_PAY_IDIOM = re.compile(
    r"\b(?:pay|paying|paid|pays)\s+(?:close\s+|more\s+|no\s+|any\s+|some\s+|proper\s+)?"
    r"(?:attention|heed|tribute|homage|lip service|respects?|(?:a|my|our)\s+(?:visit|compliment|respects))\b"
    r"|\bit\s+pays\s+to\b",
    re.IGNORECASE,
)
"""The idioms of "pay" that move no money; "pay off" is left alone (paying off the card is a payment)."""
LEFT_WORDS = 3
"""Under this many words left once the idiom is taken out, the message asked nothing of a bank."""


def names_greeting_card(text: str) -> bool:
    """ "send my mum a birthday card", "can i get a christmas card", "send my mum some flowers": a card or a present
    to post, not a bank card nor a payment (unless an amount rides along: "send mum 20 with her birthday card" is
    still a payment)."""
    return _GREETING_CARD.search(text) is not None and read_amount(text).cents is None and not _MONEY.search(text)


def without_pay_idiom(text: str) -> str:
    """``text`` with any idiom of "pay" ("pay attention", "pay a visit") taken out (itself when it has none)."""
    return " ".join(_PAY_IDIOM.sub(" ", text).split()) if _PAY_IDIOM.search(text) else text


def only_a_pay_idiom(text: str) -> bool:
    """ "pay attention to this", "you should pay more attention": an idiom of paying, and nothing else asked."""
    return _PAY_IDIOM.search(text) is not None and len(without_pay_idiom(text).split()) < LEFT_WORDS
