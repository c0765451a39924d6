"""Keyword ranking over article titles and answers, for fallback suggestions.

Deliberately simple: words are lower-cased, stop words dropped and common
endings stripped, then each article scores the inverse document frequency of
every query word it contains, doubled when the word is in its title. Rare,
specific words ("stolen", "cheque") therefore outweigh common ones ("card").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from bankchat.agents.knowledge._store import Article

_WORD = re.compile(r"[a-z0-9]+")
_SUFFIXES = ("ing", "ed", "es", "s", "e")
_TITLE_WEIGHT = 2.0
_STOP_WORDS = frozenset(
    """
    a about after again all am an and any are as at be been before being but by can could did do does doing
    for from get got had has have having how i if in into is it its just me more my myself no not now of on
    once only or our out over own please so some still such than that the their them then there these they
    this those through to too under until up us very was we were what when where which while who why will
    with would yet you your yours
    """.split()  # noqa: SIM905 -- a word list reads best as plain text
)


def tokens(text: str) -> list[str]:
    """The searchable words of ``text``: lower case, no stop words, simple endings removed."""
    return [_stem(word) for word in _WORD.findall(text.lower()) if word not in _STOP_WORDS]


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


class SearchIndex:
    """A ranking of articles by keyword overlap with a question."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self._articles = tuple(articles)
        self._titles = [frozenset(tokens(a.title)) for a in self._articles]
        self._bodies = [frozenset(tokens(f"{a.title} {a.answer}")) for a in self._articles]
        frequency = Counter(word for body in self._bodies for word in body)
        count = len(self._articles)
        self._idf = {word: math.log(1 + count / seen) for word, seen in frequency.items()}

    def search(self, text: str, limit: int = 3) -> list[Article]:
        """The ``limit`` best-matching articles, best first; none if no word matches."""
        query = set(tokens(text))
        scored = []
        for position, (title, body) in enumerate(zip(self._titles, self._bodies, strict=True)):
            score = sum(self._idf[w] * (_TITLE_WEIGHT if w in title else 1.0) for w in query & body)
            if score > 0:
                scored.append((-score, position))
        return [self._articles[position] for _, position in sorted(scored)[: max(limit, 0)]]
