"""BankChat Bank's support knowledge base: one article for each of the 77 BANKING77 intents.

The articles are data (``data/*.toml``), written for BankChat Bank, with the
bank's fees, limits and timings kept in one table (``data/facts.toml``) so that
every answer quotes the same numbers. The whole base is loaded and validated
once, at import: a missing, duplicated or broken article fails loudly at start-up,
never in front of a customer.
"""

from __future__ import annotations

from importlib.resources import files

from bankchat.agents.knowledge._search import SearchIndex
from bankchat.agents.knowledge._store import (
    Article,
    KnowledgeBase,
    KnowledgeBaseError,
    Suggestion,
    load_knowledge_base,
)
from bankchat.agents.knowledge.labels import LABELS

__all__ = [
    "LABELS",
    "Article",
    "KnowledgeBaseError",
    "Suggestion",
    "all_articles",
    "fact",
    "get_article",
    "get_suggestion",
    "load_knowledge_base",
    "search",
]

_BASE: KnowledgeBase = load_knowledge_base(files(__name__) / "data")
_BY_INTENT = {article.intent: article for article in _BASE.articles}
_INDEX = SearchIndex(_BASE.articles)


def get_article(intent: str) -> Article | None:
    """The article for a BANKING77 intent, or ``None`` if there is none."""
    return _BY_INTENT.get(intent)


def all_articles() -> tuple[Article, ...]:
    """Every article, in the order of ``LABELS``."""
    return _BASE.articles


def fact(name: str) -> str:
    """One of the bank's fees, limits or timings from ``facts.toml`` (``KeyError`` for an unknown name)."""
    return _BASE.facts[name]


def get_suggestion(name: str) -> Suggestion | None:
    """A chat request by its name in ``facts.toml`` (e.g. ``handoff``), or ``None``."""
    return _BASE.commands.get(name)


def search(text: str, limit: int = 3) -> list[Article]:
    """Up to ``limit`` articles whose title and answer best share words with ``text``, best first."""
    return _INDEX.search(text, limit)
