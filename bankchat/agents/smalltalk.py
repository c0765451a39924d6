"""Small talk and help: greetings, thanks, goodbyes, and what BankChat can do."""

from __future__ import annotations

from bankchat.agents.types import Reply, Turn

NAME = "smalltalk"
INTENTS = frozenset({"greeting", "thanks", "goodbye", "help"})

CAPABILITIES = (
    "Here is what I can help with:\n\n"
    "- **Your conversations** are kept: come back any time and pick up where you left off.\n"
    "- **Getting started**: say hello, ask what I can do, or start a new conversation from the sidebar.\n\n"
    "Balances, transactions, transfers, cards and answers to support questions are being "
    "connected to your accounts and are not available in this version yet."
)


def handle(turn: Turn, intent: str, confidence: float) -> Reply:
    """Answer a conversational message."""
    name = turn.customer.display_name.split(" ")[0]
    if intent == "greeting":
        text = f"Hello {name}! I'm BankChat, your banking assistant. How can I help you today?"
    elif intent == "thanks":
        text = "You're welcome! Is there anything else I can help you with?"
    elif intent == "goodbye":
        text = f"Goodbye {name}, and thank you for banking with us."
    else:
        text = CAPABILITIES
    return Reply(content=text, agent=NAME, intent=intent, confidence=confidence)
