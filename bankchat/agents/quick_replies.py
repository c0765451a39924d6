"""Quick replies: the answers a reply invites, offered as buttons that send their text.

A read-back offers "Yes" and "No"; a question offers the choices its paragraph names in bold
("You can send to **Savings**, **Bob Brown**"), not the facts stated above it; a clarifying
question offers its options; any reply offers the phrases it suggests ("just say **show my last transactions**").
"""

from __future__ import annotations

import re

from bankchat.agents.flows.approval_text import APPROVE_WITH_PASSKEY
from bankchat.agents.types import Reply

MAX = 6
"""Buttons offered at most (five payees and "Cancel" fit)."""
_BOLD = re.compile(r"\*\*([^*\n]{2,60}?)\*\*")
_SAY = re.compile(r"\bsay\s+(?:e\.g\.\s+)?\*\*([^*\n]{2,60}?)\*\*", re.IGNORECASE)
_YES_NO = ("Yes", "No")


def quick_replies(reply: Reply) -> tuple[str, ...]:
    """What the customer can tap to answer ``reply``."""
    pending = reply.pending
    if pending is not None and pending.stage == "confirm":
        return _YES_NO
    if pending is not None and pending.stage == "approve":  # the passkey button, if it is one of the ways
        return (*((APPROVE_WITH_PASSKEY,) if APPROVE_WITH_PASSKEY in reply.content else ()), "No")
    options: list[str] = []
    if reply.intent == "clarify":
        for action in reply.actions:
            options += (
                [str(o) for o in action.get("options", []) if isinstance(o, str)]
                if action.get("tool") == "clarify"
                else []
            )
        options = [_sentence(o) for o in options]
    elif pending is not None:
        question = _question(reply.content)
        options = [b for b in _BOLD.findall(question) if not b.endswith(":") and b.lower() not in ("cancel",)]
        options.append("Cancel")
    options += _SAY.findall(reply.content)
    unique = {o.strip().lower(): _capital(o.strip()) for o in reversed(options) if o.strip()}  # the first spelling
    return tuple(o for key, o in reversed(unique.items()) if key not in ("yes", "no"))[:MAX]


def _question(content: str) -> str:
    """The paragraph that asks (the last with a question mark): the facts above it are no choices.

    None asks when an answer only reminds that a step waits ("your transfer isn't finished yet"):
    then the answer's figures are no choices either (a total balance is not an amount to send)."""
    asking = [p for p in content.split("\n\n") if "?" in p]
    return asking[-1] if asking else ""


def _sentence(label: str) -> str:
    """A clarifying option ("get help with “My card is late”") as the words to send."""
    quoted = re.search(r"“(.+?)”", label)
    return quoted.group(1) if quoted else label


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
