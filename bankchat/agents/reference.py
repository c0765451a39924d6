"""A payment's reference, as customers say it: "send mum 15 for pizza", "pay bob 20 ref rent march".

The reference is what the payee sees on their statement. UK Faster Payments carry at most
18 characters, so a longer one keeps the words that fit (the read-back shows what will be sent).
"for …" reads as a reference only at the end of a message that names an amount before it,
and never when it says who or when ("for me", "for tomorrow"); "ref", "reference" and "memo"
always do. The classifier reads the message without its reference: "for pizza" is not a
request about food.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bankchat.agents.money import MONEY_VERBS

MAX_LENGTH = 18
"""Characters a UK Faster Payments reference carries."""

_EXPLICIT = re.compile(
    r"\b(?:with\s+(?:the\s+)?)?(?:ref|reference|memo|payment reference)\b"
    r"(?!\s+(?:to|for|of|on|number|code|did|was|were|is|i|gonna|going|will|would|be|should|say|says|show|look)\b)"
    r"\s*(?:[:=\-]|as|is)?\s*"
    r"[\"'“‘]?(?P<ref>[a-z0-9][^\"”’\n]*?)[\"'”’]?\s*[.!?]*$",
    re.IGNORECASE,
)
_AS_REFERENCE = re.compile(
    r"(?:\b(?:put|use|add|set|write|have)\s+)?[\"'“‘](?P<ref>[a-z0-9][^\"'”’\n]*)[\"'”’]\s+as\s+(?:the\s+|a\s+|my\s+|its\s+)?(?:payment\s+)?"
    r"(?:ref|reference|memo)\b"
    r"|\b(?:put|use|add|set|write)\s+(?P<bare>[a-z0-9][\w&' -]{0,30}?)\s+as\s+(?:the\s+|a\s+|my\s+|its\s+)?"
    r"(?:payment\s+)?(?:ref|reference|memo)\b",
    re.IGNORECASE,
)
"""The reference named before "as the reference": "put 'dinner' as the reference", "use rent as the ref"."""
_FOR = re.compile(
    r"(?:\d[\d,.]*\s*(?:k|quid|pounds?|gbp|p)?|\b(?:quid|pounds?|fiver|tenner|grand))\b.*?\bfor\s+"
    r"(?!(?:me|myself|us|you|him|her|them|it|that|this|now|today|tonight|tomorrow|next|later|a while|ages|"
    r"the (?:day|week|month|weekend)|my (?:savings|checking|current|credit|account|card))\b)"
    r"(?:the |our |some )?(?P<ref>[a-z][a-z0-9&' /-]*?)\s*[.!?]*$",
    re.IGNORECASE,
)
_INSTRUCTION = re.compile(
    r"^\s*(?:(?:please|pls|can you|could you|i want to|i'd like to|i need to)\s+)?"
    rf"(?:{MONEY_VERBS})\b",
    re.IGNORECASE,
)
"""A message that orders a payment: only there does the classifier read it without its reference."""
_DANGLING = frozenset({"and", "or", "for", "the", "a", "an", "to", "with", "on", "at", "of", "in", "&"})
"""Words a cut reference does not end on."""
_WHEN = re.compile(r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:week|month|year)s?\b", re.IGNORECASE)
"""A "for" that says when ("for friday", "for 2 weeks"), not what."""


@dataclass(frozen=True)
class Reference:
    """The reference a message gives, and the message without it."""

    text: str
    """As it will be sent (at most ``MAX_LENGTH`` characters)."""
    without: str
    """The message with the reference words taken out (what the classifier and the amount reader see)."""


_NO_REFERENCE = re.compile(
    r"\b(?:no|without(?:\s+an?|\s+any)?|don'?t\s+(?:need|want)(?:\s+an?|\s+any)?)\s+(?:payment\s+)?(?:ref|reference|memo)\b",
    re.IGNORECASE,
)
"""No reference wanted ("no reference please"): never a reference of "please", and never a no to the payment."""


def reference_in(text: str) -> Reference | None:
    """The payment reference ``text`` gives, if any."""
    if _NO_REFERENCE.search(text):
        return None
    named = _AS_REFERENCE.search(text)
    if named is not None:
        said = _clipped((named.group("ref") or named.group("bare")).split())
        return Reference(said, (text[: named.start()] + text[named.end() :]).strip(" ,")) if said else None
    match = _EXPLICIT.search(text)
    if match is None:
        match = _FOR.search(text)
        if match is None or _WHEN.search(match.group("ref")):
            return None
        start = text.lower().rfind("for", 0, match.start("ref"))
    else:
        start = match.start()
    said = _clipped(match.group("ref").split())
    return Reference(said, (text[:start] + text[match.end() :]).strip()) if said else None


def names_reference(text: str) -> bool:
    """Whether ``text`` gives a reference in so many words ("ref rent", "put 'dinner' as the reference"): words
    only a payment reads, so at a read-back they change it, never start anything else."""
    return any(pattern.search(text) for pattern in (_EXPLICIT, _AS_REFERENCE, _NO_REFERENCE))


def quoted(words: str) -> str | None:
    """A reference given as the words alone ("pizza"), kept to ``MAX_LENGTH`` characters; None when empty."""
    return _clipped(words.split()) or None


_OWN_NAME = re.compile(r"^(?:my|our)\s+(?:(?P<part>first|full|last|sur|second)\s*)?name$", re.IGNORECASE)
"""A reference that names the customer's own name ("use my name as the reference"), not the words "my name"."""


def with_own_name(reference: str, name: str) -> str:
    """ "my name", "my first name", "my surname" as a reference: that part of ``name``, cut to fit; any other
    reference as it is."""
    said = _OWN_NAME.match(reference.strip())
    if said is None or not name.split():
        return reference
    part = (said.group("part") or "full").lower()
    words = name.split()
    chosen = words[:1] if part == "first" else words[-1:] if part in ("last", "sur", "second") else words
    return _clipped(chosen) or reference


def without_reference(text: str) -> str:
    """What the classifier reads: a payment order without its reference ("send mum 15"), any other message as is."""
    found = reference_in(text)
    return found.without if found is not None and _INSTRUCTION.search(found.without) else text


def _clipped(words: list[str]) -> str:
    """The words that fit in ``MAX_LENGTH`` characters, not ending on "and" or "the" (a first word longer, cut)."""
    kept: list[str] = []
    for word in words:
        if len(" ".join([*kept, word])) > MAX_LENGTH:
            if not kept:
                return word[:MAX_LENGTH]
            break
        kept.append(word)
    while kept and kept[-1].lower() in _DANGLING:
        kept.pop()  # "cinema tickets and" reads as cut off: "cinema tickets"
    return " ".join(kept)
