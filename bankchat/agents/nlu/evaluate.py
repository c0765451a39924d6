"""Honest measurements of the classifier: cross-validation, file evaluation, latency."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from joblib import Parallel, delayed
from scipy.optimize import minimize_scalar
from sklearn.model_selection import StratifiedKFold, train_test_split

from bankchat.agents.nlu.data import Dataset
from bankchat.agents.nlu.model import IntentClassifier, softmax

THRESHOLDS = (0.3, 0.35, 0.4, 0.5, 0.6, 0.7)


@dataclass(frozen=True)
class Scored:
    """Predictions on labelled texts: the right answers, the guesses and their confidences."""

    expected: tuple[str, ...]
    predicted: tuple[str, ...]
    confidence: npt.NDArray[np.float64]

    @property
    def correct(self) -> npt.NDArray[np.bool_]:
        return np.array([e == p for e, p in zip(self.expected, self.predicted, strict=True)], dtype=bool)

    @property
    def accuracy(self) -> float:
        return float(self.correct.mean()) if self.expected else 0.0

    def coverage_at(self, threshold: float) -> tuple[float, float]:
        """Share of texts with confidence >= ``threshold``, and the accuracy on those."""
        kept = self.confidence >= threshold
        return float(kept.mean()), float(self.correct[kept].mean()) if kept.any() else 0.0

    def per_label(self) -> list[tuple[str, int, float, str]]:
        """For each expected label: count, accuracy, and the most frequent wrong guess."""
        rows = []
        correct = self.correct
        for label in sorted(set(self.expected)):
            idx = [i for i, e in enumerate(self.expected) if e == label]
            wrong = Counter(self.predicted[i] for i in idx if not correct[i])
            rows.append((label, len(idx), float(correct[idx].mean()), wrong.most_common(1)[0][0] if wrong else "-"))
        return rows


@dataclass(frozen=True)
class CrossValidation:
    """Out-of-fold predictions of a k-fold cross-validation."""

    scored: Scored
    fold_accuracies: tuple[float, ...]
    best_sharpening: float
    """The power of the probabilities that minimises the out-of-fold log-loss (1.0: calibrated as is)."""


def stratified_subset(data: Dataset, fraction: float, seed: int = 0) -> Dataset:
    """A stratified random ``fraction`` of ``data``."""
    texts, _, labels, _ = train_test_split(
        list(data.texts), list(data.labels), train_size=fraction, stratify=list(data.labels), random_state=seed
    )
    return Dataset(tuple(texts), tuple(labels))


class _FoldResult(NamedTuple):
    """One fold's out-of-fold predictions."""

    test: npt.NDArray[np.intp]
    """Row indices of the fold's test texts in ``data``."""
    probabilities: npt.NDArray[np.float64]
    """One row per test text, one column per label of ``labels``."""
    truth: npt.NDArray[np.intp]
    """Each test text's right label, as a column of ``probabilities``."""
    labels: tuple[str, ...]
    """The labels the fold's classifier knows."""


def _fold(data: Dataset, extra: Dataset | None, train: npt.NDArray[np.intp], test: npt.NDArray[np.intp]) -> _FoldResult:
    texts = [data.texts[i] for i in train]
    labels = [data.labels[i] for i in train]
    if extra is not None:
        texts += extra.texts
        labels += extra.labels
    classifier = IntentClassifier().fit(texts, labels)
    truth = np.array([classifier.labels.index(data.labels[i]) for i in test])
    return _FoldResult(test, classifier.probabilities([data.texts[i] for i in test]), truth, classifier.labels)


def cross_validate(
    data: Dataset, folds: int = 5, seed: int = 0, extra: Dataset | None = None, n_jobs: int = 1
) -> CrossValidation:
    """Stratified k-fold cross-validation on ``data`` (folds fixed by ``seed``).

    Each fold trains only on the other folds of ``data``, plus ``extra`` if
    given (which is never tested on). A prediction outside ``data``'s labels
    counts as wrong.
    """
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    results = Parallel(n_jobs=n_jobs)(
        delayed(_fold)(data, extra, train, test) for train, test in splitter.split(data.texts, data.labels)
    )
    predicted: list[str] = [""] * len(data.texts)
    confidence = np.zeros(len(data.texts))
    fold_accuracies = []
    all_probabilities, all_truth = [], []
    for test, probabilities, truth, labels in results:
        best = probabilities.argmax(axis=1)
        for row, i in enumerate(test):
            predicted[i] = labels[best[row]]
            confidence[i] = probabilities[row, best[row]]
        fold_accuracies.append(float((best == truth).mean()))
        all_probabilities.append(probabilities)
        all_truth.append(truth)
    scored = Scored(data.labels, tuple(predicted), confidence)
    return CrossValidation(scored, tuple(fold_accuracies), _best_sharpening(all_probabilities, all_truth))


def _best_sharpening(probabilities: list[npt.NDArray[np.float64]], truth: list[npt.NDArray[np.intp]]) -> float:
    """The power ``p`` that minimises the out-of-fold log-loss of ``probabilities ** p`` (renormalised)."""
    logs = [np.log(np.maximum(rows, 1e-300)) for rows in probabilities]

    def log_loss(power: float) -> float:
        losses = [
            -np.log(softmax(log, power)[np.arange(len(t)), t] + 1e-300).sum()
            for log, t in zip(logs, truth, strict=True)
        ]
        return float(sum(losses) / sum(len(t) for t in truth))

    return float(minimize_scalar(log_loss, bounds=(0.05, 5.0), method="bounded").x)


def evaluate(classifier: IntentClassifier, data: Dataset) -> Scored:
    """Score ``classifier`` on labelled ``data`` (an own intent for a BANKING77 row is wrong)."""
    predictions = classifier.predict_many(data.texts)
    return Scored(
        data.labels, tuple(p.intent for p in predictions), np.array([p.confidence for p in predictions], dtype=float)
    )


def latency(classifier: IntentClassifier, texts: Sequence[str], warmup: int = 100) -> dict[str, float]:
    """Milliseconds per single ``predict`` call: p50, p90, p99 and max over ``texts``."""
    for text in texts[:warmup]:
        classifier.predict(text)
    timings = []
    for text in texts:
        start = time.perf_counter()
        classifier.predict(text)
        timings.append((time.perf_counter() - start) * 1000)
    p50, p90, p99 = np.percentile(timings, [50, 90, 99])
    return {"p50": float(p50), "p90": float(p90), "p99": float(p99), "max": float(max(timings))}
