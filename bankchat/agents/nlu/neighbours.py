"""Nearest neighbours in the teacher's sentence space, as a second opinion next to the SVM.

The ridge map of ``distil.py`` predicts, from a message's TF-IDF features alone,
roughly where all-MiniLM-L6-v2 would put the message. The SVM uses that
prediction linearly; this module uses it a second way: it finds the training
sentences that lie closest to the predicted point and lets them vote for their
intents. Nearest neighbours draw curved boundaries that a linear model cannot,
which is where the two disagree usefully (measured in
``python -m bankchat.agents.nlu cv``).

A training sentence is stored at the middle of two points: its real teacher
vector, and where the ridge would put it had it not seen the sentence (its
leave-one-out prediction, which is as noisy as a new message's prediction).
Either alone votes worse than the two together.

The teacher space is cut to its ``DIMENSIONS`` main directions (computed from
the training vectors), and a message is compared only with the stored sentences
of the SVM's ``CANDIDATES`` likeliest labels, kept side by side in memory: a
gather of ``DIMENSIONS``-wide rows and a few matrix-vector products over
contiguous slices.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

from bankchat.agents.nlu.distil import Ridge

DIMENSIONS = 128
"""Main directions of the teacher space kept (128 measured as good as all 384)."""
NEIGHBOURS = 20
"""Training sentences that vote for each message."""
SHARPNESS = 0.01
"""A neighbour's vote is ``exp((similarity - best similarity) / SHARPNESS)``."""
REACH = 15 * SHARPNESS
"""Only sentences this close to the best one vote: one further away would weigh under
``exp(-15)`` of the best's vote, which changes no result."""
SVM_SHARE = 0.7
"""Weight of the SVM's log-probabilities in the blend; the neighbours' votes get the rest."""
VOTE_FLOOR = 1e-4
"""Added to every label's vote before the logarithm, so a label no neighbour voted for is
strongly (not infinitely) discounted."""
CANDIDATES = 10
"""Labels (a label learnt in parts counts once) whose stored sentences are compared with a message, the SVM's
likeliest first. A sentence of a label the SVM gives almost nothing can't lift that label past the SVM's
favourites in the blend; leaving them out scored the same on CLINC150's val split and the held-out file, and
takes a message's vote from about 0.5 to 0.2 ms."""
CALIBRATION = 0.93
"""Power applied to the blend before normalising, so that its confidences mean what they say:
fitted by minimising the log-loss of out-of-fold predictions (``python -m bankchat.agents.nlu cv``
prints the factor that would be best next to the value in use)."""


@dataclass(frozen=True)
class NeighbourVotes:
    """The fitted neighbour memory: a map into the reduced teacher space and the sentences stored there."""

    projection: npt.NDArray[np.float32]
    """Feature-major ``(features, DIMENSIONS)`` map from TF-IDF features to the reduced teacher space."""
    offset: npt.NDArray[np.float32]
    """``(DIMENSIONS,)`` intercept of that map."""
    memory: npt.NDArray[np.float32]
    """``(sentences, DIMENSIONS)`` unit-length reduced teacher vectors of the training sentences."""
    memory_labels: npt.NDArray[np.intp]
    """``(sentences,)`` label index of each stored sentence."""
    label_count: int
    groups: npt.NDArray[np.intp]
    """``(labels,)`` the group of each label: a label learnt in parts (``data.PART``) is one group."""
    bounds: npt.NDArray[np.intp]
    """``(groups + 1,)`` where each group's sentences start in ``memory`` (sorted by group)."""

    @classmethod
    def fit(
        cls,
        ridge: Ridge,
        targets: npt.NDArray[np.float64],
        label_indices: npt.NDArray[np.intp],
        label_count: int,
        groups: npt.NDArray[np.intp] | None = None,
    ) -> NeighbourVotes:
        """Build from the distillation ``ridge``, the teacher ``targets`` it was fitted to, each
        target's label index and each label's group (by default every label is a group of its own)."""
        centred = targets - targets.mean(axis=0)
        _, _, directions = np.linalg.svd(centred, full_matrices=False)
        basis = directions[: min(DIMENSIONS, directions.shape[0])].T
        memory = _unit(_unit(targets @ basis) + _unit(ridge.held_out @ basis))
        groups = np.arange(label_count, dtype=np.intp) if groups is None else np.asarray(groups, dtype=np.intp)
        row_groups = groups[label_indices]
        order = np.argsort(row_groups, kind="stable")
        return cls(
            projection=np.ascontiguousarray(ridge.weights @ basis, dtype=np.float32),
            offset=np.asarray(ridge.intercept @ basis, dtype=np.float32),
            memory=np.ascontiguousarray(memory[order], dtype=np.float32),
            memory_labels=np.asarray(label_indices, dtype=np.intp)[order],
            label_count=label_count,
            groups=groups,
            bounds=np.searchsorted(row_groups[order], np.arange(int(groups.max()) + 2)).astype(np.intp),
        )

    def project(self, features: sparse.csr_matrix) -> npt.NDArray[np.float64]:
        """Predicted reduced teacher vectors for TF-IDF feature rows."""
        return np.asarray(features @ self.projection) + self.offset

    def project_one(self, columns: npt.NDArray[np.intp], values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """The same for one message given as its non-zero feature columns and values."""
        return values @ self.projection[columns] + self.offset

    def votes(
        self, predicted: npt.NDArray[np.floating[Any]], svm_probabilities: npt.NDArray[np.float64] | None = None
    ) -> npt.NDArray[np.float64]:
        """Each row's neighbours' votes per label, summing to 1: among the stored sentences of the
        ``CANDIDATES`` groups the SVM's probabilities rank first (all of them without probabilities)."""
        predicted = _unit(np.atleast_2d(predicted).astype(np.float32))
        votes = np.zeros((predicted.shape[0], self.label_count))
        for i, (row, point) in enumerate(zip(votes, predicted, strict=True)):
            chosen = self._candidates(None if svm_probabilities is None else svm_probabilities[i])
            starts, ends = self.bounds[chosen], self.bounds[chosen + 1]
            similarity = np.concatenate([self.memory[a:b] @ point for a, b in zip(starts, ends, strict=True)])
            rows = np.concatenate([np.arange(a, b) for a, b in zip(starts, ends, strict=True)])
            nearest = _nearest(similarity)
            closeness = similarity[nearest]
            weight = np.exp((closeness - closeness.max()) / SHARPNESS, dtype=np.float64)
            row += np.bincount(self.memory_labels[rows[nearest]], weights=weight, minlength=self.label_count)
        totals: npt.NDArray[np.float64] = votes.sum(axis=1, keepdims=True)
        return votes / totals

    def _candidates(self, svm_row: npt.NDArray[np.float64] | None) -> npt.NDArray[np.intp]:
        """The groups whose sentences vote: the ``CANDIDATES`` likeliest by ``svm_row``, else every group."""
        count = len(self.bounds) - 1
        if svm_row is None or count <= CANDIDATES:
            return np.arange(count, dtype=np.intp)
        by_group = np.bincount(self.groups, weights=svm_row, minlength=count)
        return np.sort(np.argpartition(by_group, -CANDIDATES)[-CANDIDATES:]).astype(np.intp)

    def adjust(
        self, svm_probabilities: npt.NDArray[np.float64], predicted: npt.NDArray[np.floating[Any]]
    ) -> npt.NDArray[np.float64]:
        """The SVM's probabilities blended with the votes of the ``predicted`` points' neighbours."""
        return self.blend(svm_probabilities, self.votes(predicted, svm_probabilities))

    def blend(
        self, svm_probabilities: npt.NDArray[np.float64], votes: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.float64]:
        """The classifier's probabilities: a weighted geometric mean of the SVM's and the neighbours'."""
        blended = SVM_SHARE * np.log(svm_probabilities + 1e-12) + (1.0 - SVM_SHARE) * np.log(votes + VOTE_FLOOR)
        blended *= CALIBRATION
        blended -= blended.max(axis=1, keepdims=True)
        np.exp(blended, out=blended)
        totals: npt.NDArray[np.float64] = blended.sum(axis=1, keepdims=True)
        return blended / totals


def _nearest(similarity: npt.NDArray[np.float32]) -> npt.NDArray[np.intp]:
    """Indices of the ``NEIGHBOURS`` most similar stored sentences within ``REACH`` of the best one.

    Looking only within reach first skips a full partial sort of every stored sentence (10x faster)."""
    candidates = np.flatnonzero(similarity >= similarity.max() - REACH)
    if len(candidates) > NEIGHBOURS:
        candidates = candidates[np.argpartition(similarity[candidates], -NEIGHBOURS)[-NEIGHBOURS:]]
    return candidates


def _unit(rows: npt.NDArray[np.floating[Any]]) -> npt.NDArray[np.floating[Any]]:
    lengths: npt.NDArray[np.floating[Any]] = np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
    return rows / lengths
