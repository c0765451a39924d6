"""Low confidence gets a question, not a wild guess."""

from __future__ import annotations

from bankchat.agents.knowledge import get_article
from bankchat.agents.router import Route
from bankchat.agents.types import Reply

OWN_LABELS = {
    "check_balance": "check your balance",
    "list_transactions": "see your recent transactions",
    "spending_summary": "see how much you spent",
    "transfer_money": "send or move money",
    "freeze_card": "freeze your card",
    "unfreeze_card": "unfreeze your card",
    "human_handoff": "talk to a person",
    "lost_or_stolen_card": "report a lost or stolen card",
    "list_payees": "see your saved payees",
    "help": "see what I can do",
}


CONFIDENCE_THRESHOLD = 0.35
"""Below this confidence the router's guess is not acted on: the customer gets a clarifying question
(``understanding.stage``; ``python -m bankchat.agents.nlu cv`` prints the classifier's coverage here).
The one clarifying threshold: ``bankchat.agents.nlu`` exports this value, the docs quote it."""

WORTH_OFFERING = 0.1
"""A guess less likely than this is not worth offering as an option."""


def option_label(intent: str) -> str | None:
    if intent in OWN_LABELS:
        return OWN_LABELS[intent]
    article = get_article(intent)
    return f"get help with “{article.title}”" if article else None


def clarifying_question(chosen: Route) -> Reply:
    """Offer the router's best guesses as options."""
    guesses = [(chosen.intent, chosen.confidence), *chosen.alternatives]
    options = [label for intent, p in guesses if p >= WORTH_OFFERING and (label := option_label(intent))]
    return ask_with_options(tuple(dict.fromkeys(options))[:3], chosen.confidence)


def ask_with_options(unique: tuple[str, ...], confidence: float) -> Reply:
    """A clarifying question offering ``unique`` (labels such as "check your balance"), or a plain one."""
    if unique:
        listed = "\n".join(f"- {o[0].upper()}{o[1:]}" for o in unique)
        text = f"I'm not quite sure what you need. Would you like to:\n\n{listed}\n\nOr tell me a bit more."
    else:
        text = "I'm not sure I understood. Could you say it another way? Type **help** to see what I can do."
    return Reply(text, "assistant", "clarify", confidence, [{"tool": "clarify", "options": list(unique)}])
