"""Scores: accuracy of a predictor on labelled messages, CLINC150's in-scope and out-of-scope sets, latency."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bankchat.agents.eval.predictor import Predictor, accepted
from bankchat.agents.nlu import clinc


@dataclass(frozen=True)
class Score:
    """How many of ``total`` messages got an accepted label, and the commonest mistakes."""

    right: int
    total: int
    mistakes: tuple[tuple[str, int], ...]
    """``("expected -> predicted", count)``, commonest first."""

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0


def score(predict: Predictor, pairs: Sequence[tuple[str, str]], top: int = 3) -> Score:
    """Run ``predict`` on each ``(text, expected)`` pair."""
    wrong: Counter[str] = Counter()
    right = 0
    for text, expected in pairs:
        predicted = predict(text)
        if predicted in accepted(expected):
            right += 1
        else:
            wrong[f"{expected} -> {predicted}"] += 1
    return Score(right, len(pairs), tuple(wrong.most_common(top)))


@dataclass(frozen=True)
class ClincSets:
    """CLINC150's ``test`` queries sorted by what BankChat should do with them, as ``(text, label)``."""

    in_scope: list[tuple[str, str]]
    """Intents mapped to a BankChat label other than ``out_of_scope``."""
    out_of_scope: list[tuple[str, str]]
    """``oos_test`` plus the declined intents of the domains outside ``clinc.MAPPED_DOMAINS``."""
    declined_in_mapped_domains: list[tuple[str, str]]
    """The declined intents of the mapped domains (jokes, voice settings, credit scores, rewards)."""


def clinc_test_sets(directory: Path = clinc.SHARED_DIR, limit: int | None = None) -> ClincSets:
    """The test split under the mapping table; ``SKIP`` intents are left out. ``limit`` caps each set."""
    table = clinc.mapping(directory)
    far = clinc.declined_domain_intents(directory)
    in_scope, oos, declined = [], [], []
    for text, intent in clinc.split("test", directory):
        label = table[intent].label
        if label == clinc.SKIP:
            continue
        if label != clinc.OUT_OF_SCOPE:
            in_scope.append((text, label))
        elif intent in far:
            oos.append((text, label))
        else:
            declined.append((text, label))
    oos += [(text, clinc.OUT_OF_SCOPE) for text, _ in clinc.split("oos_test", directory)]
    return ClincSets(*(_spread(rows, limit) for rows in (in_scope, oos, declined)))


def _spread(rows: list[tuple[str, str]], limit: int | None) -> list[tuple[str, str]]:
    """At most ``limit`` rows, taken evenly across the list (so every intent keeps some)."""
    if limit is None or len(rows) <= limit:
        return rows
    step = len(rows) / limit
    return [rows[int(i * step)] for i in range(limit)]


def latency_ms(predict: Predictor, texts: Sequence[str], warmup: int = 50) -> dict[str, float]:
    """Milliseconds per single call of ``predict``, one message at a time: p50 and p99."""
    for text in texts[:warmup]:
        predict(text)
    timings = []
    for text in texts:
        start = time.perf_counter()
        predict(text)
        timings.append((time.perf_counter() - start) * 1000)
    p50, p99 = np.percentile(timings, [50, 99])
    return {"p50": float(p50), "p99": float(p99)}
