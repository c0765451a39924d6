"""Small talk and help: greetings, thanks, goodbyes, and what BankChat can do."""

from __future__ import annotations

from bankchat.agents.types import Reply, Turn

NAME = "smalltalk"
KINDS = ("greeting", "thanks", "goodbye", "help", "bot_identity", "complaint")
"""What small talk answers, in one place (the understanding stage and the LLM's schema read it)."""
INTENTS = frozenset(KINDS)
BOT = (
    "I'm BankChat, the bank's automated assistant: a program, not a person. I can act on your own accounts "
    "right here (balances, transactions, transfers, cards). Whenever you'd rather talk to a real person, "
    "say **talk to a person** and a colleague joins this conversation."
)

SORRY = (
    "I'm sorry I haven't been much help. Tell me again what you need and I'll try another way, or say "
    "**talk to a person** and a colleague joins this conversation."
)

CAPABILITIES = (
    "Here is what I can do for you, right here in the chat:\n\n"
    "- **Balances**: “what's my balance?”, “how much is in savings?”, “available credit on my card”\n"
    "- **Transactions**: “show my last 5 transactions”, “what did I pay Netflix?”, "
    "“how much did I spend on groceries last month?”\n"
    "- **Transfers**: “send £50 to savings”, “pay my landlord 900”. I always read the details back "
    "and only move money after you say yes.\n"
    "- **Cards**: “freeze my card”, “unfreeze my card”, “I lost my card”\n"
    "- **Questions** about cards, payments, top-ups, fees, exchange rates, security and more\n"
    "- **A person**: say “talk to a human” and a colleague joins this conversation"
)


def handle(turn: Turn, intent: str, confidence: float) -> Reply:
    """Answer a conversational message."""
    name = turn.customer.display_name.split(" ")[0]
    if intent == "greeting":
        text = f"Hello {name}! I'm BankChat, your banking assistant. How can I help you today?"
    elif intent == "thanks":
        text = "You're welcome! Is there anything else I can help you with?"
    elif intent == "bot_identity":
        text = BOT
    elif intent == "complaint":
        text = SORRY
    elif intent == "goodbye":
        text = f"Goodbye {name}, and thank you for banking with us."
    else:
        text = CAPABILITIES
    return Reply(content=text, agent=NAME, intent=intent, confidence=confidence)
