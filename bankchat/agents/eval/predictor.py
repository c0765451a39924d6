"""The one function the evaluation asks: which label does BankChat give this message?

Today that is the router's (rules, then the classifier). When the understanding
stage (``bankchat/agents/understanding/``) lands, swap ``understand`` for its
label and every figure of ``python -m bankchat.agents.eval`` follows.
"""

from __future__ import annotations

from collections.abc import Callable

from bankchat.agents.nlu.data import FRAUD_FAMILY

Predictor = Callable[[str], str]
"""Message in, BankChat label out."""


def understand(text: str) -> str:
    """BankChat's label for one message: the router's intent."""
    from bankchat.agents.router import route  # loads (or trains) the classifier on first use

    return route(text).intent


def accepted(expected: str) -> frozenset[str]:
    """The labels that count as right for ``expected``: itself, or any label BankChat answers the same way."""
    return FRAUD_FAMILY if expected in FRAUD_FAMILY else frozenset({expected})
