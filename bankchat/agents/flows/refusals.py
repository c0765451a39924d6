"""How a flow words the bank's refusal: its detail as a finished sentence, then the question again or what was
left undone ("Nothing was set up.")."""

from __future__ import annotations

from bankchat.agents.flows.spec import Problem


def sentence(text: str) -> str:
    """``text`` as a finished sentence followed by a space (the bank's details have no full stop)."""
    text = text.strip()
    return (text if text.endswith((".", "!", "?")) else text + ".") + " "


def refusal(detail: str, slot: str | None, unchanged: str) -> Problem:
    """The bank's refusal ``detail`` as a ``Problem``: ``slot`` is asked for again where another answer can mend
    it; None ends the flow, saying ``unchanged`` ("No money was moved.")."""
    return Problem(slot, sentence(detail) + ("" if slot else unchanged))
