"""Short answers inside a flow: yes, no, cancel."""

from __future__ import annotations

import re

_YES = re.compile(
    r"^\s*(yes|y|yeah|yep|yup|sure|ok|okay|confirm(ed)?|go ahead|do it|please do|correct|"
    r"that'?s (right|correct)|send it|proceed|absolutely|affirmative)\b[\s!.,]*(please)?[\s!.]*$",
    re.IGNORECASE,
)
_NO = re.compile(
    r"^\s*(no|n|nope|nah|cancel( it| that| the transfer)?|stop|don'?t|do not|never ?mind|abort|forget it|"
    r"no thanks|no,? cancel)\b[\s!.,]*([a-z ]{0,30})$",
    re.IGNORECASE,
)


def is_yes(text: str) -> bool:
    """A clear, short yes."""
    return bool(_YES.match(text)) and len(text) <= 40


def is_no(text: str) -> bool:
    """A clear, short no or cancel."""
    return bool(_NO.match(text)) and len(text) <= 60


def said_yes(text: str, intent: str) -> bool:
    """A yes by rule, or by the router (``intent`` is already above the confidence floor)."""
    return is_yes(text) or (intent == "confirm" and not is_no(text))


def said_no(text: str, intent: str) -> bool:
    """A no or cancel by rule, or by the router."""
    return is_no(text) or (intent == "deny" and not is_yes(text))


FLOW_WORDS = frozenset({"confirm", "deny", "unknown"})
"""Router answers that never take a message away from a waiting step."""


def changes_subject(text: str, intent: str, own_intents: frozenset[str]) -> bool:
    """Whether a message is a new question for another agent rather than an answer to the waiting step.

    Short answers ("savings", "make it 35", "the debit one") stay with the step whatever the
    router thinks; a longer sentence the router gives to another agent is a change of subject.
    """
    return intent not in own_intents and intent not in FLOW_WORDS and len(text.split()) > SHORT_ANSWER_WORDS


SHORT_ANSWER_WORDS = 4
"""Up to this many words, a message in a waiting step is read as an answer to it."""
