"""BANKING77 cross-validated top-1, computed exactly as ``python -m bankchat.agents.nlu cv`` does,
and remembered for ``--quick`` runs (keyed by the classifier's cache key and the settings)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from bankchat.agents.nlu import cache
from bankchat.agents.nlu.data import load_banking77
from bankchat.agents.nlu.evaluate import cross_validate, stratified_subset

RESULT_FILE = "banking77_cv.json"


@dataclass(frozen=True)
class CvFigure:
    """The mean out-of-fold accuracy over ``repeats`` fold assignments (seeds 0, 1, ...)."""

    accuracy: float
    per_seed: tuple[float, ...]
    folds: int
    fraction: float
    key: str
    """The classifier's cache key when it was computed (data and code)."""
    measured_on: str


def compute(folds: int = 5, repeats: int = 3, fraction: float = 1.0, jobs: int = 2) -> CvFigure:
    """Stratified k-fold CV on BANKING77's rows, each fold trained on the other folds only."""
    data = load_banking77()
    if fraction < 1.0:
        data = stratified_subset(data, fraction, seed=0)
    per_seed = tuple(
        cross_validate(data, folds=folds, seed=seed, n_jobs=jobs).scored.accuracy for seed in range(repeats)
    )
    return CvFigure(
        sum(per_seed) / len(per_seed), per_seed, folds, fraction, cache.cache_key(), date.today().isoformat()
    )


def _path() -> Path:
    return cache.cache_dir() / RESULT_FILE


def remembered(folds: int, repeats: int, fraction: float) -> CvFigure | None:
    """The last figure computed with these settings on the current data and code, if any."""
    try:
        stored = json.loads(_path().read_text(encoding="utf-8"))
        figure = CvFigure(**{**stored, "per_seed": tuple(stored["per_seed"])})
    except (OSError, ValueError, TypeError, KeyError):
        return None
    same = (figure.folds, len(figure.per_seed), figure.fraction, figure.key)
    return figure if same == (folds, repeats, fraction, cache.cache_key()) else None


def remember(figure: CvFigure) -> None:
    """Store ``figure`` for later ``--quick`` runs (best effort)."""
    try:
        _path().parent.mkdir(parents=True, exist_ok=True)
        _path().write_text(json.dumps(asdict(figure)), encoding="utf-8")
    except OSError:
        pass
