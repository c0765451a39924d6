"""The answer for what no specialist handles: say so plainly and offer what works."""

from __future__ import annotations

from bankchat.agents.types import Reply, Turn

NAME = "assistant"


def handle(turn: Turn, intent: str, confidence: float) -> Reply:
    """Explain that this request is not something BankChat can do yet."""
    text = (
        "I'm sorry, I can't help with that yet. Right now I can greet you, explain what I can do, "
        "and keep your conversation history. Type **help** to see what is available."
    )
    return Reply(content=text, agent=NAME, intent=intent, confidence=confidence)
