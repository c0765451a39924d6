"""Typo-tolerant words: one rule for how far a typed word may stray from a word we know.

The rule is deliberately narrow, so that ordinary words never turn into a
payee, an account or a month:

1. Typos rarely hit the first letter: it must match.
2. A known word of four letters or fewer ("bob", "mum", "june") only forgives
   two swapped letters ("bbo"); any other edit makes another word ("job",
   "sum", "jane").
3. Five to seven letters forgive one edit ("savngs", "Priyaa", "agust").
4. Eight letters or more forgive two ("landlrd", "febuary", "chekcing").
5. Words listed in ``ORDINARY`` are real words that sit one edit from ours
   ("having" and "saving", "match" and "march"); they are never typos.

Distances are optimal string alignment (rapidfuzz ``OSA``): a swap of two
neighbouring letters counts as one edit.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz.distance import OSA

ORDINARY = frozenset(
    {
        "adjust",
        "brows",
        "cheating",
        "credited",
        "currency",
        "debt",
        "having",
        "jury",
        "just",
        "mark",
        "match",
        "much",
        "paving",
        "same",
        "saying",
        "sayings",
        "shall",
        "some",
        "sum",
        "sundry",
        "tailor",
        "via",
    }
)
"""Real words one or two edits from a word we know; never read as typos."""


def allowed_edits(known: str) -> int:
    """How many edits a typo of ``known`` may hold (see the module's rules)."""
    if len(known) <= 3:
        return 1
    return 1 if len(known) <= 7 else 2


def typo_distance(typed: str, known: str) -> int | None:
    """The edits between ``typed`` and ``known`` (both lower case) if ``typed`` is a likely typo of it, else None.

    ``known`` itself is no typo (None): callers look for exact words first.
    """
    if typed == known or typed in ORDINARY or len(typed) < 3 or typed[0] != known[0]:
        return None
    if len(known) <= 4 and sorted(typed) != sorted(known):
        return None  # short words only forgive a swap
    edits = OSA.distance(typed, known, score_cutoff=allowed_edits(known))
    return edits if edits <= allowed_edits(known) else None


def nearest(typed: str, vocabulary: Iterable[str]) -> str | None:
    """The one word of ``vocabulary`` that ``typed`` is a typo of; None if none, or if two are equally near."""
    ranked = sorted((edits, word) for word in set(vocabulary) if (edits := typo_distance(typed, word)) is not None)
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return None
    return ranked[0][1]
