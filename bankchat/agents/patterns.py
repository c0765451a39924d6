"""The one way the rules spell "any of these words": whole words or phrases, in any case."""

from __future__ import annotations

import re


def one_of(alternation: str) -> re.Pattern[str]:
    """A case-blind pattern for any one of ``alternation``'s choices as whole words.

    ``one_of(r"minimum|min")`` is ``re.compile(r"\\b(minimum|min)\\b", re.IGNORECASE)``.
    """
    return re.compile(rf"\b({alternation})\b", re.IGNORECASE)
