"""``one_of``: the rules' one spelling of "any of these words"."""

from __future__ import annotations

import re

from bankchat.agents.patterns import one_of


def test_one_of_spells_whole_words_in_any_case() -> None:
    assert one_of(r"minimum|min") == re.compile(r"\b(minimum|min)\b", re.IGNORECASE)


def test_one_of_matches_whole_words_only() -> None:
    pattern = one_of(r"min|pay ?day")
    assert pattern.search("Pay the MIN please")
    assert pattern.search("since payday")
    assert not pattern.search("mint tea")
