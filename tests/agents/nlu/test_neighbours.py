"""The neighbour vote in the teacher's space, next to the SVM."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.model_selection import StratifiedKFold

from bankchat.agents.nlu import IntentClassifier, distil, neighbours
from bankchat.agents.nlu.data import load_banking77
from bankchat.agents.nlu.evaluate import stratified_subset
from bankchat.agents.nlu.model import softmax


def _small_memory(labels: list[int], label_count: int = 3) -> neighbours.NeighbourVotes:
    rng = np.random.default_rng(0)
    features = sparse.random(len(labels), 50, density=0.2, random_state=4, format="csr")
    targets = rng.normal(size=(len(labels), 16))
    ridge = distil.fit_ridge(features, targets)
    return neighbours.NeighbourVotes.fit(ridge, targets, np.array(labels), label_count)


def test_votes_are_probabilities_led_by_the_nearest_sentence() -> None:
    labels = [0, 1, 2] * 10
    memory = _small_memory(labels)
    votes = memory.votes(memory.memory[:5])
    np.testing.assert_allclose(votes.sum(axis=1), 1.0)
    assert (votes >= 0).all()
    # A query sitting on a stored sentence gets that sentence's label first (stored sorted by group).
    assert votes.argmax(axis=1).tolist() == memory.memory_labels[:5].tolist()


def test_one_message_projects_like_a_batch() -> None:
    memory = _small_memory([0, 1, 2] * 10)
    row = sparse.random(1, 50, density=0.3, random_state=9, format="csr")
    single = memory.project_one(row.indices, row.data)
    np.testing.assert_allclose(single, memory.project(row)[0], rtol=1e-5, atol=1e-6)
    # No known feature at all: the map's intercept.
    np.testing.assert_allclose(memory.project_one(np.zeros(0, dtype=np.intp), np.zeros(0)), memory.offset)


def test_blend_is_a_distribution_and_uniform_votes_keep_the_svm_ranking() -> None:
    memory = _small_memory([0, 1, 2] * 10)
    svm = softmax(np.array([[0.3, -0.2, 0.1], [-1.0, 0.5, 0.4]]))
    blended = memory.blend(svm, np.full((2, 3), 1 / 3))
    np.testing.assert_allclose(blended.sum(axis=1), 1.0)
    assert (np.argsort(blended, axis=1) == np.argsort(svm, axis=1)).all()
    # Votes for one label pull the blend towards it.
    pulled = memory.blend(svm, np.array([[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]]))
    assert (pulled[:, 1] > blended[:, 1]).all()


def test_without_teacher_vectors_there_is_no_vote(monkeypatch: pytest.MonkeyPatch) -> None:
    data = stratified_subset(load_banking77(), 0.1, seed=0)
    monkeypatch.setattr(distil, "teacher_vectors", dict)
    plain = IntentClassifier().fit(data.texts, data.labels)
    texts = ["where is my card", "why was I charged twice"]
    np.testing.assert_allclose(plain.probabilities(texts), softmax(plain.margins(texts)))


def test_the_vote_corrects_the_svm_on_unseen_sentences() -> None:
    """Held-out accuracy with the vote beats the SVM alone, on the same fitted models."""
    data = stratified_subset(load_banking77(), 0.3, seed=1)
    splitter = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
    blended_right = svm_right = 0
    for train, test in splitter.split(data.texts, data.labels):
        classifier = IntentClassifier().fit([data.texts[i] for i in train], [data.labels[i] for i in train])
        texts = [data.texts[i] for i in test]
        truth = np.array([classifier.labels.index(data.labels[i]) for i in test])
        blended_right += int((classifier.probabilities(texts).argmax(axis=1) == truth).sum())
        svm_right += int((classifier.margins(texts).argmax(axis=1) == truth).sum())
    assert blended_right > svm_right * 1.005, (blended_right, svm_right)


def test_nearest_keeps_the_closest_within_reach() -> None:
    similarity = np.array([0.9, 0.1, 0.8, 0.5, 0.899], dtype=np.float32)
    assert sorted(neighbours._nearest(similarity).tolist()) == [0, 2, 4]  # within REACH of 0.9
    crowded = np.linspace(0.9, 0.89, 50, dtype=np.float32)
    assert sorted(neighbours._nearest(crowded).tolist()) == list(range(neighbours.NEIGHBOURS))


def test_only_the_svm_s_likeliest_groups_vote(monkeypatch: pytest.MonkeyPatch) -> None:
    """With more groups than ``CANDIDATES``, sentences of the groups the SVM ranks last have no say."""
    monkeypatch.setattr(neighbours, "CANDIDATES", 2)
    labels = [0, 1, 2, 3] * 8
    rng = np.random.default_rng(0)
    features = sparse.random(len(labels), 50, density=0.2, random_state=4, format="csr")
    targets = rng.normal(size=(len(labels), 16))
    groups = np.array([0, 1, 2, 2])  # labels 2 and 3 are parts of one label
    memory = neighbours.NeighbourVotes.fit(distil.fit_ridge(features, targets), targets, np.array(labels), 4, groups)
    assert memory.bounds.tolist() == [0, 8, 16, 32]  # sorted by group, each group's sentences side by side
    query = memory.memory[memory.memory_labels == 0][:1]  # sits on a sentence of label 0
    favour_parts = np.array([[0.01, 0.49, 0.25, 0.25]])  # group 0 ranks last

    votes = memory.votes(query, favour_parts)

    assert votes[0, 0] == 0.0
    np.testing.assert_allclose(votes.sum(axis=1), 1.0)
    assert memory.votes(query)[0].argmax() == 0  # without the SVM's ranking every group votes
