"""A fast path for scoring one message with a fitted pipeline.

scikit-learn's per-call checks and sparse-matrix building cost a few
milliseconds for a single short text. This computes exactly the same TF-IDF
features and SVM margins with a dictionary look-up per token and one small
gather of weight rows, in well under a millisecond.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.pipeline import Pipeline


@dataclass(frozen=True)
class _Block:
    analyze: Callable[[str], list[str]]
    vocabulary: dict[str, int]
    idf: npt.NDArray[np.float64]
    offset: int


class FastScorer:
    """Margins of a fitted ``build_pipeline()`` pipeline for one text at a time."""

    def __init__(self, pipeline: Pipeline) -> None:
        blocks: list[_Block] = []
        offset = 0
        for _, vectorizer in pipeline.named_steps["features"].transformer_list:
            if not (vectorizer.sublinear_tf and vectorizer.use_idf and vectorizer.norm == "l2"):
                raise ValueError("FastScorer needs TfidfVectorizer blocks with sublinear tf, idf and l2 norm")
            blocks.append(_Block(vectorizer.build_analyzer(), vectorizer.vocabulary_, vectorizer.idf_, offset))
            offset += len(vectorizer.vocabulary_)
        svm = pipeline.named_steps["svm"]
        self._blocks = tuple(blocks)
        # Feature-major weights, so one message's features are a gather of whole rows.
        self._weights: npt.NDArray[np.float32] = np.ascontiguousarray(svm.coef_.T)
        self._intercept = np.asarray(svm.intercept_, dtype=np.float64)

    def features(self, text: str) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]:
        """The non-zero TF-IDF features of ``text``: their columns and their values."""
        columns: list[npt.NDArray[np.intp]] = []
        values: list[npt.NDArray[np.float64]] = []
        for block in self._blocks:
            counts = Counter(block.analyze(text))
            get = block.vocabulary.get
            indices = np.fromiter((get(term, -1) for term in counts), dtype=np.intp, count=len(counts))
            frequencies = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            known = indices >= 0
            if not known.any():
                continue
            indices = indices[known]
            weights = (1.0 + np.log(frequencies[known])) * block.idf[indices]
            columns.append(indices + block.offset)
            values.append(weights / np.sqrt(weights @ weights))
        if not columns:
            return np.zeros(0, dtype=np.intp), np.zeros(0)
        return np.concatenate(columns), np.concatenate(values)

    def margins(self, text: str) -> npt.NDArray[np.float64]:
        """SVM margins for ``text``, one per label; equal to ``pipeline.decision_function([text])[0]``."""
        return self.margins_of(*self.features(text))

    def margins_of(self, columns: npt.NDArray[np.intp], values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """SVM margins for features given as ``features()`` returns them."""
        if not len(columns):
            return self._intercept.copy()
        return values @ self._weights[columns] + self._intercept
