"""Distillation from a sentence encoder into the linear model, with no encoder at run time.

``data/minilm_teacher.npz`` holds, for every training sentence, the embedding
that all-MiniLM-L6-v2 gives it (written offline by ``build_teacher.py``). At
training time a ridge regression learns to predict that embedding from the
classifier's own TF-IDF features; the SVM then trains on the TF-IDF features
plus the predicted embedding. Both steps are linear, so the fitted model is
folded back into one weight matrix over the TF-IDF features: prediction costs
exactly what it did before, and nothing about the encoder is needed to run it.

Only sentences present in the file get a target; in cross-validation the ridge
sees the training folds' sentences only, so no test sentence leaks through it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from scipy import sparse

from bankchat.agents.nlu.data import DATA_DIR

TEACHER_FILE = DATA_DIR / "minilm_teacher.npz"
RIDGE_ALPHA = 1.0
"""Ridge penalty of the feature-to-embedding map (1.0 measured best of 0.1-3)."""
EMBEDDING_WEIGHT = 3.0
"""Scale of the predicted embedding next to the TF-IDF block (measured best of 1-3)."""
MIN_TARGETS = 100
"""Below this many sentences with a teacher vector, skip distillation (e.g. tiny test fits)."""
RIDGE_ROWS = 12_000
"""At most this many sentences (a seeded sample) teach the ridge map: its dual solve costs rows³
in time and rows² in memory. The others still get the map's prediction, which for them is a true
held-out one. BANKING77's cross-validation folds (8,000 rows) stay under it."""


@dataclass(frozen=True)
class Ridge:
    """A fitted ridge map: ``features @ weights + intercept`` predicts the targets."""

    weights: npt.NDArray[np.float64]
    intercept: npt.NDArray[np.float64]
    held_out: npt.NDArray[np.float64]
    """Leave-one-out prediction of every training row."""


@lru_cache(maxsize=1)
def teacher_vectors() -> dict[str, npt.NDArray[np.float32]]:
    """Sentence -> teacher embedding (float32), from the shipped file; empty if it is missing."""
    if not TEACHER_FILE.exists():
        return {}
    with np.load(TEACHER_FILE, allow_pickle=False) as data:
        vectors = data["vectors"].astype(np.float32)
        return {str(text): vectors[i] for i, text in enumerate(data["texts"])}


def teacher_targets(texts: list[str]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]:
    """Row indices of ``texts`` that have a teacher vector, and those vectors stacked."""
    known = teacher_vectors()
    rows = [i for i, text in enumerate(texts) if text in known]
    if not rows:
        return np.zeros(0, dtype=np.intp), np.zeros((0, 0))
    return np.array(rows, dtype=np.intp), np.vstack([known[texts[i]] for i in rows]).astype(np.float64)


def fit_ridge(features: sparse.csr_matrix, targets: npt.NDArray[np.float64], alpha: float = RIDGE_ALPHA) -> Ridge:
    """Ridge regression with intercept, solved in its dual (rows << features).

    Besides the map, returns each row's leave-one-out prediction (what the map
    fitted on all the other rows predicts for it), from the dual's inverse at
    no extra solve.
    """
    features = sparse.csr_matrix(features, dtype=np.float64)
    mean_x = np.asarray(features.mean(axis=0)).ravel()
    mean_y = targets.mean(axis=0)
    gram = (features @ features.T).toarray()
    projected = features @ mean_x
    gram -= projected[:, np.newaxis]
    gram -= projected[np.newaxis, :]
    gram += mean_x @ mean_x
    gram[np.diag_indices_from(gram)] += alpha
    inverse = np.linalg.inv(gram)
    del gram
    dual = inverse @ (targets - mean_y)
    # Leave-one-out residual of a linear smoother: residual_i / (1 - hat_ii). Here the residual is
    # alpha * dual and, the intercept being unpenalised, 1 - hat_ii = alpha * inverse_ii - 1/n.
    rows = len(targets)
    held_out = targets - alpha * dual / (alpha * np.diag(inverse) - 1.0 / rows)[:, np.newaxis]
    del inverse
    weights = np.asarray(features.T @ dual) - np.outer(mean_x, dual.sum(axis=0))
    return Ridge(weights, mean_y - mean_x @ weights, held_out)


def fit_ridge_sampled(
    features: sparse.csr_matrix, targets: npt.NDArray[np.float64], max_rows: int = RIDGE_ROWS
) -> Ridge:
    """``fit_ridge`` on at most ``max_rows`` rows; ``held_out`` covers every row.

    Rows outside the seeded sample get the fitted map's prediction, which is held out for them.
    """
    if len(targets) <= max_rows:
        return fit_ridge(features, targets)
    sample = np.sort(np.random.default_rng(0).choice(len(targets), size=max_rows, replace=False))
    ridge = fit_ridge(features[sample], targets[sample])
    held_out = np.asarray(features @ ridge.weights) + ridge.intercept
    held_out[sample] = ridge.held_out
    return replace(ridge, held_out=held_out)
