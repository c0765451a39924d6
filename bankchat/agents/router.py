"""The router: an intent and a confidence for each message (rules for the obvious, then the classifier)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bankchat.agents import dialogue
from bankchat.agents.patterns import one_of
from bankchat.agents.textspeak import spelled_out

_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "greeting",
        re.compile(r"^\s*(hi|hello|hey|hiya|good (morning|afternoon|evening)|greetings)\b[\s!.,]*\w*[\s!.]*$", re.I),
    ),
    (
        "thanks",
        re.compile(r"^\s*(thanks|thank you|thx|ty|tysm|tyvm|ta|cheers|much appreciated)\b[\w\s!.,]{0,30}$", re.I),
    ),
    (
        "goodbye",
        re.compile(r"^\s*(bye|goodbye|good ?night|see you|that'?s all|have a nice day)\b[\w\s!.,]{0,20}$", re.I),
    ),
    ("help", re.compile(r"^\s*(help|what can you do|what do you do|menu|options)\b[\s?!.]*$", re.I)),
)

_BYE = one_of(r"bye|goodbye|good ?night|see you|see ya|cya|take care|farewell|that'?s all|that'?s it|nothing else")
"""A goodbye said after thanks: the conversation is ending, not only thanked."""

_PERSON = (
    r"(a |an |some |the |one of your )?(real |live |actual )?"
    r"(person|human|human being|agent|someone|representative|advis[eo]r|staff|member of (your )?staff"
    r"|colleague|operator)"
)
_ASKS_FOR_PERSON = re.compile(
    rf"\b(talk|speak|chat|connect me|put me through|transfer me)\s+(to|with)\s+{_PERSON}\b"
    rf"|\b(i want|i need|i'd like|get me|give me)\s+{_PERSON}\b",
    re.I,
)
_DECLINES = re.compile(r"\b(don'?t|do not|no need to|never)\s+(want|need|wish)?\s*(to )?(talk|speak|chat)", re.I)
_NEGATION = re.compile(r"\b(no|not|never|nope|nah|dont|cant|wont)\b|n't\b", re.I)
"""A word that turns a yes round: the classifier reads "absolutely not" close to "absolutely"."""
_OWN_MONEY = re.compile(
    r"\b(did|have|had|do|can|could) i\s+(\w+\s+){0,2}(buy|bought|spend|spent|pay|paid|order|purchase|withdraw)\b"
    r"|\bi('ve| have)?\s+(spent|bought|paid|purchased|withdrew)\b"
    r"|\bmy (\w+ )?(accounts?|cards?|balance|payments?|transactions?|spending|purchases|savings|checking|salary|"
    r"wages|overdraft|statement|payees?|direct debits?|visa|mastercard|amex)\b",
    re.I,
)
"""The customer's own money: such a message is about their bank even when its words lean elsewhere
("how many times did I buy coffee" is not a question about coffee)."""


def asks_for_person(text: str) -> bool:
    """An explicit request for a human, anywhere in the message ("..., I want to talk to a person")."""
    return bool(_ASKS_FOR_PERSON.search(text)) and not _DECLINES.search(text)


@dataclass(frozen=True)
class Route:
    """The chosen intent, how sure the router is, and the runners-up."""

    intent: str
    confidence: float
    alternatives: tuple[tuple[str, float], ...] = field(default_factory=tuple)
    source: str = "classifier"
    """``rule`` or ``classifier``."""


_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "poiuytrewq", "lkjhgfdsa", "mnbvcxz")
_LETTERS = re.compile(r"[a-z]+")


def is_keyboard_mash(text: str) -> bool:
    """A keyboard mash ("asdfghjkl qwerty"): every word runs along a keyboard row or has no vowel at all."""
    words = _LETTERS.findall(text.lower())
    if not words or max(len(w) for w in words) < 4:
        return False  # "hmm", "pls thx": short words are words
    return all((len(w) >= 3 and any(w in row for row in _KEYBOARD_ROWS)) or not set(w) & set("aeiouy") for w in words)


def by_rule(text: str) -> Route | None:
    """The route of a short exact phrase (yes, no, hello, thanks, bye, help, a person); None for anything else."""
    if dialogue.is_yes(text):
        return Route("confirm", 1.0, source="rule")
    if dialogue.is_no(text):
        return Route("deny", 1.0, source="rule")
    for intent, pattern in _RULES:
        if pattern.search(text):
            said_bye = intent == "thanks" and _BYE.search(text)  # "thanks for the chat, goodbye" ends it
            return Route("goodbye" if said_bye else intent, 1.0, source="rule")
    if asks_for_person(text):
        return Route("human_handoff", 1.0, source="rule")
    if is_keyboard_mash(text):
        return Route("unknown", 0.0, source="rule")
    return None


def route(text: str, spelled: str | None = None) -> Route:
    """Short exact phrases by rule; everything else by the embedded classifier.

    Args:
        text: The message as written.
        spelled: ``spelled_out(text)``, when the caller has it already (the understanding stage's rules read it
            too); spelled out here when not given.
    """
    ruled = by_rule(text)
    if ruled is not None:
        return ruled
    from bankchat.agents.nlu import get_classifier  # loaded (or trained) once, on first use

    prediction = get_classifier().predict(spelled_out(text) if spelled is None else spelled)
    if prediction.intent == "thanks" and _BYE.search(text):  # "thanks, that's all i needed": the end
        return Route("goodbye", prediction.confidence, prediction.alternatives)
    if prediction.intent == "confirm" and _NEGATION.search(text):
        return Route("deny", prediction.confidence, prediction.alternatives)
    if prediction.intent == "out_of_scope" and _OWN_MONEY.search(text):
        return _banking_reading(prediction.confidence, prediction.alternatives)
    return Route(prediction.intent, prediction.confidence, prediction.alternatives)


def _banking_reading(declined: float, alternatives: tuple[tuple[str, float], ...]) -> Route:
    """The likeliest banking reading, its confidence taken among the banking readings."""
    rest = tuple((intent, p / max(1.0 - declined, 1e-9)) for intent, p in alternatives if intent != "out_of_scope")
    return Route(rest[0][0], rest[0][1], rest) if rest else Route("out_of_scope", declined, alternatives)
