"""The one function the evaluation asks: which label does BankChat give this message?

The whole understanding stage answers (rules, then the classifier), for a message on its own:
the label of its first command, in the classifier's vocabulary, so gold labels read as written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from bankchat.agents.nlu.data import FRAUD_FAMILY

Predictor = Callable[[str], str]
"""Message in, BankChat label out."""


def understand(text: str) -> str:
    """BankChat's label for one message: what the understanding stage's first command does."""
    from bankchat.agents.understanding import Context
    from bankchat.agents.understanding import understand as stage

    commands = stage(text, Context(db=None, owner=0, today=datetime.now(UTC).date()))
    return label_of(commands[0])


def label_of(command: object) -> str:
    """A command as a label of the classifier's vocabulary (a flow by the intent that starts it)."""
    from bankchat.agents.flows import BY_NAME
    from bankchat.agents.understanding import commands as c

    if isinstance(command, c.StartFlow):
        return min(BY_NAME[command.flow].starts_on, default=command.flow)
    if isinstance(command, c.Knowledge):
        return command.topic
    if isinstance(command, c.ChitChat):
        return command.kind
    simple = {c.HandOff: "human_handoff", c.OutOfScope: "out_of_scope", c.Confirm: "confirm", c.Cancel: "deny"}
    return simple.get(type(command), "clarify")


DISPUTED = frozenset({"card_payment_not_recognised"})
"""Labels of a payment the customer doesn't recognise: the dispute flow answers one said as a dispute of that
payment ("I don't recognise this payment"), the fraud flow the rest; either is right."""


def accepted(expected: str) -> frozenset[str]:
    """The labels that count as right for ``expected``: itself, or any label BankChat answers the same way."""
    same = FRAUD_FAMILY | {"report_fraud"} if expected in FRAUD_FAMILY else frozenset({expected})
    return same | {"dispute_payment"} if expected in DISPUTED else same
