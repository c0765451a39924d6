"""Answers that are not flows: knowledge questions, chit-chat, out of scope, clarifying questions."""

from __future__ import annotations

from bankchat.agents import guardrails, smalltalk, support
from bankchat.agents.clarify import ask_with_options, option_label
from bankchat.agents.types import PendingStep, Reply, Turn
from bankchat.agents.understanding.commands import ChitChat, Clarify, Command, Knowledge, OutOfScope

WHICH_OTHER = (
    "Which one do you mean? Tell me its name or its last four digits (for example the savings account, or the "
    "card ending 1234)."
)
"""The answer to "the other one" when there is no single other one to swap to."""
NOTHING_WAITING = "There's nothing waiting for your confirmation right now. How can I help?"


def answer(turn: Turn, command: Command, pending: PendingStep | None) -> Reply:
    """The reply to one command that starts no flow."""
    if isinstance(command, Knowledge):
        return support.handle(turn, command.topic, command.confidence)
    if isinstance(command, ChitChat):
        if command.kind in ("confirm", "deny", "hold"):
            return Reply(NOTHING_WAITING, "assistant", command.kind, command.confidence)
        return smalltalk.handle(turn, command.kind, command.confidence)
    if isinstance(command, OutOfScope):
        action = {"guardrail": "input", "reason": "out_of_scope"}
        return Reply(guardrails.REFUSALS["out_of_scope"], "guardrails", "out_of_scope", command.confidence, [action])
    if isinstance(command, Clarify) and command.intent == "other":
        return Reply(WHICH_OTHER, "assistant", "clarify", command.confidence, [{"tool": "clarify", "asked": "other"}])
    if isinstance(command, Clarify):
        labels = tuple(label for option in command.options if (label := option_label(option)))
        return ask_with_options(tuple(dict.fromkeys(labels)), command.confidence)
    # Confirm, cancel or hold with nothing waiting.
    return Reply(NOTHING_WAITING, "assistant", type(command).__name__.lower(), 1.0)
