"""The intent classifier: TF-IDF word, character and word-pair features under a linear SVM,
with a nearest-neighbour vote in a sentence encoder's space beside it.

Training distils a sentence encoder into the SVM (see ``distil.py``), which stays
one linear model over the TF-IDF features, and stores the training sentences'
encoder vectors for the neighbour vote (``neighbours.py``). Neither needs the
encoder at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from bankchat.agents.nlu.data import PART, load_all
from bankchat.agents.nlu.distil import EMBEDDING_WEIGHT, MIN_TARGETS, fit_ridge_sampled, teacher_targets
from bankchat.agents.nlu.fast import FastScorer
from bankchat.agents.nlu.neighbours import NeighbourVotes
from bankchat.agents.nlu.text import normalise, stem_pairs

TEMPERATURE = 4.25
"""Scale applied to the SVM's margins before the softmax that turns them into
probabilities; fitted by minimising the log-loss of the SVM's out-of-fold
predictions. Kept as is for the blend with the neighbour vote (``neighbours.py``):
values from 3 to 6 measured the same there."""

TOP_K = 3
PART_WEIGHT = 0.7
"""What one part's probability counts for in its label's (``data.PART``), before normalising. A
label learnt as a hundred parts gathers a little probability from each of them; counted in full,
"out_of_scope" took in-scope messages away. Measured on CLINC150's ``val`` split (0.6-1.0)."""
WORD_PATTERN = r"(?u)\b\w+\b"
"""Words for the word n-gram block: scikit-learn's default, except that one-letter words count too."""


@dataclass(frozen=True)
class Prediction:
    """The router's reading of one message."""

    intent: str
    """The most likely intent."""
    confidence: float
    """Its probability, 0 to 1."""
    alternatives: tuple[tuple[str, float], ...]
    """The three most likely intents with their probabilities, best first (the first is ``intent``)."""


def build_pipeline() -> Pipeline:
    """A fresh, unfitted feature and model pipeline."""
    features = FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    preprocessor=normalise,
                    token_pattern=WORD_PATTERN,
                    ngram_range=(1, 2),
                    min_df=2,
                    sublinear_tf=True,
                ),
            ),
            (
                "chars",
                TfidfVectorizer(
                    preprocessor=normalise, analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True
                ),
            ),
            ("pairs", TfidfVectorizer(analyzer=stem_pairs, min_df=2, sublinear_tf=True)),
        ]
    )
    return Pipeline([("features", features), ("svm", LinearSVC(C=0.5))])


def softmax(margins: np.ndarray, temperature: float = TEMPERATURE) -> np.ndarray:
    """Row-wise softmax of ``temperature * margins``."""
    scaled = margins * temperature
    scaled -= scaled.max(axis=1, keepdims=True)
    np.exp(scaled, out=scaled)
    scaled /= scaled.sum(axis=1, keepdims=True)
    return scaled


class IntentClassifier:
    """Maps a customer message to an intent with a confidence in [0, 1]."""

    def __init__(self) -> None:
        self._pipeline: Pipeline | None = None
        self._labels: tuple[str, ...] = ()
        self._parts: np.ndarray | None = None
        """``(classes, labels)`` matrix adding each class's probability into its label's (``PART_WEIGHT``
        for a part), or None when every class is a label of its own."""
        self._parted: np.ndarray | None = None
        """Which labels are learnt as parts (boolean, one per label), or None when none is."""
        self._fast: FastScorer | None = None
        self._neighbours: NeighbourVotes | None = None

    def __getstate__(self) -> dict[str, object]:
        # The fast scorer shares the pipeline's arrays; rebuild it after loading instead of pickling a copy.
        return {**self.__dict__, "_fast": None}

    @property
    def labels(self) -> tuple[str, ...]:
        """Every intent the classifier can return (sorted)."""
        return self._labels

    @property
    def is_fitted(self) -> bool:
        """Whether ``fit`` has run."""
        return self._pipeline is not None

    def fit(self, texts: Iterable[str], labels: Iterable[str]) -> IntentClassifier:
        """Train on parallel sequences of messages and intents; returns ``self``.

        Messages that have a teacher embedding (``distil.py``) also teach a ridge
        map from the TF-IDF features to that embedding; the SVM sees the TF-IDF
        features plus the mapped embedding, and the two linear maps are then
        folded into one weight matrix over the TF-IDF features. The same map and
        the teacher vectors make the neighbour vote (``neighbours.py``).
        """
        texts, labels = list(texts), list(labels)
        pipeline = build_pipeline()
        features = pipeline.named_steps["features"].fit_transform(texts).tocsr()
        svm = pipeline.named_steps["svm"]
        rows, targets = teacher_targets(texts)
        neighbours = None
        if len(rows) >= MIN_TARGETS:
            ridge = fit_ridge_sampled(features[rows], targets)
            weights, intercept = ridge.weights, ridge.intercept
            embedded = (features @ weights + intercept) * EMBEDDING_WEIGHT
            svm.fit(sparse.hstack([features, sparse.csr_matrix(embedded)], format="csr"), labels)
            width = features.shape[1]
            extra = svm.coef_[:, width:] * EMBEDDING_WEIGHT
            svm.intercept_ = svm.intercept_ + extra @ intercept
            svm.coef_ = svm.coef_[:, :width] + extra @ weights.T
            svm.n_features_in_ = width
            index = {label: i for i, label in enumerate(svm.classes_)}
            row_labels = np.array([index[labels[i]] for i in rows], dtype=np.intp)
            named = {name: i for i, name in enumerate(sorted({str(c).split(PART)[0] for c in svm.classes_}))}
            groups = np.array([named[str(c).split(PART)[0]] for c in svm.classes_], dtype=np.intp)
            neighbours = NeighbourVotes.fit(ridge, targets, row_labels, len(svm.classes_), groups)
        else:
            svm.fit(features, labels)
        # float32 halves the memory and the cache file; Fortran order makes coef_.T the
        # feature-major matrix the fast scorer gathers rows from, without a copy.
        svm.coef_ = np.asfortranarray(svm.coef_, dtype=np.float32)
        self._pipeline = pipeline
        self._fast = None
        self._neighbours = neighbours
        classes = [str(label) for label in svm.classes_]
        self._labels = tuple(sorted({label.split(PART)[0] for label in classes}))
        self._parts = self._parted = None
        if len(self._labels) < len(classes):
            column = {label: i for i, label in enumerate(self._labels)}
            self._parts = np.zeros((len(classes), len(self._labels)))
            self._parted = np.zeros(len(self._labels), dtype=bool)
            for row, label in enumerate(classes):
                self._parts[row, column[label.split(PART)[0]]] = PART_WEIGHT if PART in label else 1.0
                self._parted[column[label.split(PART)[0]]] |= PART in label
        return self

    @classmethod
    def train_default(cls) -> IntentClassifier:
        """Train on BANKING77, BankChat's own examples and the mapped CLINC150 rows."""
        data = load_all()
        return cls().fit(data.texts, data.labels)

    def _fitted(self) -> Pipeline:
        if self._pipeline is None:
            raise RuntimeError("IntentClassifier is not fitted")
        return self._pipeline

    def _features(self, texts: Sequence[str]) -> sparse.csr_matrix:
        features: sparse.csr_matrix = self._fitted().named_steps["features"].transform(list(texts))
        return features

    def _margins_of(self, features: sparse.csr_matrix) -> np.ndarray:
        return np.asarray(self._fitted().named_steps["svm"].decision_function(features), dtype=np.float64)

    def margins(self, texts: Sequence[str]) -> np.ndarray:
        """Raw SVM margins, one row per text and one column per label."""
        return self._margins_of(self._features(texts))

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated-ish probabilities, one row per text and one column per label.

        The SVM's softmaxed margins, blended with the neighbour vote when the
        model has one (it has none when trained without teacher vectors).
        """
        features = self._features(texts)
        svm = softmax(self._margins_of(features))
        if self._neighbours is not None:
            svm = self._neighbours.adjust(svm, self._neighbours.project(features))
        return self._by_label(svm)

    def predict_many(self, texts: Iterable[str]) -> list[Prediction]:
        """Classify several messages at once (faster per message than ``predict``)."""
        batch = list(texts)
        if not batch:
            return []
        return [self._prediction(row) for row in self.probabilities(batch)]

    def predict(self, text: str) -> Prediction:
        """Classify one message (under a millisecond)."""
        if self._fast is None:
            self._fast = FastScorer(self._fitted())
        columns, values = self._fast.features(text)
        probabilities = softmax(self._fast.margins_of(columns, values)[np.newaxis, :])
        if self._neighbours is not None:
            probabilities = self._neighbours.adjust(probabilities, self._neighbours.project_one(columns, values))
        return self._prediction(self._by_label(probabilities)[0])

    def _by_label(self, probabilities: np.ndarray) -> np.ndarray:
        """Per-class probabilities (one row per text) as per-label ones (the parts added up)."""
        if self._parts is None:
            return probabilities
        labelled: np.ndarray = probabilities @ self._parts
        labelled /= labelled.sum(axis=1, keepdims=True)
        return labelled

    def _prediction(self, row: np.ndarray) -> Prediction:
        if self._parted is not None and not self._parted[int(np.argmax(row))]:
            # The best reading is a label of its own ("pay_card_bill"): answer among those labels.
            # The parted label (everything declined) takes a little from every sentence, which
            # would otherwise lower the confidence the clarifying threshold reads.
            row = np.where(self._parted, 0.0, row)
            row /= row.sum()
        top = np.argsort(row)[::-1][:TOP_K]
        ranked = tuple((self._labels[i], float(row[i])) for i in top)
        return Prediction(intent=ranked[0][0], confidence=ranked[0][1], alternatives=ranked)
