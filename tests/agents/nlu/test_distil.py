"""Distillation of the sentence encoder into the linear model (no encoder at run time)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from bankchat.agents.nlu import IntentClassifier, distil
from bankchat.agents.nlu.data import load_all, load_banking77, load_own_intents
from bankchat.agents.nlu.evaluate import stratified_subset


def test_fit_ridge_matches_the_closed_form() -> None:
    rng = np.random.default_rng(0)
    features = sparse.random(60, 200, density=0.05, random_state=1, format="csr")
    targets = rng.normal(size=(60, 4))
    ridge = distil.fit_ridge(features, targets, alpha=0.7)
    weights, intercept = ridge.weights, ridge.intercept
    # Primal closed form on centred data: (Xc'Xc + aI) W = Xc'Yc, intercept = mean(Y) - mean(X) W.
    dense = features.toarray()
    centred = dense - dense.mean(axis=0)
    expected = np.linalg.solve(centred.T @ centred + 0.7 * np.eye(200), centred.T @ (targets - targets.mean(axis=0)))
    np.testing.assert_allclose(weights, expected, atol=1e-8)
    np.testing.assert_allclose(intercept, targets.mean(axis=0) - dense.mean(axis=0) @ expected, atol=1e-8)


def test_fit_ridge_held_out_predictions_are_leave_one_out() -> None:
    rng = np.random.default_rng(2)
    features = sparse.random(40, 120, density=0.08, random_state=3, format="csr")
    targets = rng.normal(size=(40, 3))
    ridge = distil.fit_ridge(features, targets, alpha=0.5)
    for row in (0, 17, 39):
        others = np.delete(np.arange(40), row)
        refit = distil.fit_ridge(features[others], targets[others], alpha=0.5)
        expected = features[row] @ refit.weights + refit.intercept
        np.testing.assert_allclose(ridge.held_out[row], np.ravel(expected), atol=1e-8)
        assert not np.allclose(ridge.held_out[row], np.ravel(features[row] @ ridge.weights + ridge.intercept))


def test_teacher_file_covers_the_training_sentences() -> None:
    known = distil.teacher_vectors()
    assert set(load_banking77().texts) <= set(known)
    own = load_own_intents().texts
    missing = [text for text in own if text not in known]
    # An edited own_intents.txt still trains (the new lines just get no teacher target), but
    # rerun build_teacher.py (see its docstring) before the share without one grows.
    assert len(missing) <= 0.05 * len(own), f"rerun bankchat/agents/nlu/build_teacher.py; missing: {missing[:5]}"
    vector = next(iter(known.values()))
    assert vector.shape == (384,)
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-2)


def test_teacher_targets_pick_the_known_rows() -> None:
    texts = ["not a training sentence at all", load_all().texts[0], "neither is this"]
    rows, targets = distil.teacher_targets(texts)
    assert rows.tolist() == [1]
    assert targets.shape == (1, 384)


def test_distilled_model_is_one_linear_map_over_the_ngram_features() -> None:
    data = stratified_subset(load_banking77(), 0.1, seed=0)
    classifier = IntentClassifier().fit(data.texts, data.labels)
    pipeline = classifier._pipeline
    assert pipeline is not None
    width = sum(len(v.vocabulary_) for _, v in pipeline.named_steps["features"].transformer_list)
    svm = pipeline.named_steps["svm"]
    assert svm.coef_.shape == (len(classifier.labels), width)
    assert svm.n_features_in_ == width
    correct = [p.intent == label for p, label in zip(classifier.predict_many(data.texts), data.labels, strict=True)]
    assert np.mean(correct) > 0.9


def test_without_teacher_vectors_the_fit_is_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    data = stratified_subset(load_banking77(), 0.1, seed=0)
    with_teacher = IntentClassifier().fit(data.texts, data.labels)
    monkeypatch.setattr(distil, "teacher_vectors", dict)
    plain = IntentClassifier().fit(data.texts, data.labels)
    texts = ["where is my card", "why was I charged twice"]
    assert with_teacher.margins(texts).shape == plain.margins(texts).shape
    assert not np.allclose(with_teacher.margins(texts), plain.margins(texts))


def test_cache_key_follows_the_teacher_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from bankchat.agents.nlu import cache

    shipped = cache.cache_key()
    other = tmp_path / "teacher.npz"
    other.write_bytes(distil.TEACHER_FILE.read_bytes() + b"\0")
    monkeypatch.setattr(distil, "TEACHER_FILE", other)
    assert cache.cache_key() != shipped
