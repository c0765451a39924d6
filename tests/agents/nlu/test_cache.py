"""The on-disk model cache and the process-wide classifier."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from bankchat.agents.nlu import IntentClassifier, cache


def test_load_or_train_reuses_cache(first_load: tuple[IntentClassifier, bool], nlu_cache_dir: Path) -> None:
    trained_first, was_trained = first_load
    assert was_trained
    start = time.perf_counter()
    loaded, trained_again = cache.load_or_train(nlu_cache_dir)
    assert not trained_again
    assert time.perf_counter() - start < 2.0
    assert loaded is not trained_first
    assert loaded.labels == trained_first.labels
    assert loaded.predict("freeze my card") == trained_first.predict("freeze my card")
    assert [p.name for p in nlu_cache_dir.glob("intent-*.joblib")] == [f"intent-{cache.cache_key()}.joblib"]


@pytest.fixture
def counted_training(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Replace the slow default training with a tiny model, and count the calls."""
    calls: list[int] = []

    def tiny(cls: type[IntentClassifier]) -> IntentClassifier:
        calls.append(1)
        return cls().fit(["hello", "hi there", "freeze my card", "lock my card"] * 2, ["greeting"] * 4 + ["freeze"] * 4)

    monkeypatch.setattr(IntentClassifier, "train_default", classmethod(tiny))
    return calls


def test_load_or_train_retrains_over_corrupt_cache(tmp_path: Path, counted_training: list[int]) -> None:
    (tmp_path / f"intent-{cache.cache_key()}.joblib").write_bytes(b"not a pickle")
    classifier, trained = cache.load_or_train(tmp_path)
    assert trained
    assert counted_training == [1]
    assert classifier.predict("lock my card").intent == "freeze"
    assert cache.load_or_train(tmp_path)[1] is False
    assert counted_training == [1]


def test_load_or_train_replaces_stale_cache_files(tmp_path: Path, counted_training: list[int]) -> None:
    stale = tmp_path / "intent-0000.joblib"
    stale.write_bytes(b"old model")
    cache.load_or_train(tmp_path)
    assert not stale.exists()


def test_cache_dir_follows_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    assert cache.cache_dir() == tmp_path
    monkeypatch.delenv(cache.CACHE_ENV)
    assert cache.cache_dir().parts[-2:] == (".cache", "nlu")


def test_get_classifier_loads_once_across_threads(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, counted_training: list[int]
) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(cache, "_classifier", None)
    results: list[IntentClassifier] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get_classifier())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert all(result is results[0] for result in results)
    assert counted_training == [1]
