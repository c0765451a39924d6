"""Support: answers each of the 77 BANKING77 topics from BankChat Bank's own knowledge base."""

from __future__ import annotations

from bankchat.agents import knowledge
from bankchat.agents.knowledge import Article, Suggestion
from bankchat.agents.types import Reply, Turn

NAME = "support"
INTENTS: frozenset[str] = frozenset(knowledge.LABELS)

TOOL = "knowledge_base"
NO_ARTICLE = "I'm sorry, I don't have an article on that."
NEXT_STEPS = "Next steps I can help with:"


def handle(turn: Turn, intent: str, confidence: float) -> Reply:
    """Answer a support question with the article for ``intent``, or point to the nearest ones."""
    article = knowledge.get_article(intent)
    if article is None:
        return _no_article(turn, intent, confidence)
    return Reply(
        content=render(article),
        agent=NAME,
        intent=intent,
        confidence=confidence,
        actions=[{"tool": TOOL, "article": intent}],
    )


def render(article: Article) -> str:
    """The article as Markdown: its title in bold, the answer, then what the customer can ask next."""
    parts = [f"**{article.title}**", article.answer]
    if article.actions:
        offers = "\n".join(f"- {_offer(suggestion)}" for suggestion in article.actions)
        parts.append(f"{NEXT_STEPS}\n\n{offers}")
    return "\n\n".join(parts)


def _offer(suggestion: Suggestion) -> str:
    return f"{suggestion.offer} — just say **{suggestion.say}**."


def _no_article(turn: Turn, intent: str, confidence: float) -> Reply:
    """Say plainly that there is no article, and offer the closest titles and a person."""
    nearest = knowledge.search(turn.text)
    parts = [NO_ARTICLE]
    if nearest:
        titles = "\n".join(f"- {article.title}" for article in nearest)
        parts.append(f"These topics might be close; ask me about any of them:\n\n{titles}")
    handoff = knowledge.get_suggestion("handoff")
    if handoff is not None:
        parts.append(_offer(handoff))
    return Reply(
        content="\n\n".join(parts),
        agent=NAME,
        intent=intent,
        confidence=confidence,
        actions=[{"tool": TOOL, "article": None, "suggested": [article.intent for article in nearest]}],
    )
