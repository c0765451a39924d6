"""Fixtures for the intent classifier tests: one model trained per module into a private cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from bankchat.agents.nlu import IntentClassifier
from bankchat.agents.nlu.cache import load_or_train


@pytest.fixture(scope="package")
def nlu_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty cache directory shared by the package's tests."""
    return tmp_path_factory.mktemp("nlu-cache")


@pytest.fixture(scope="package")
def first_load(nlu_cache_dir: Path) -> tuple[IntentClassifier, bool]:
    """The default classifier as the first load into an empty cache produced it (it trains)."""
    return load_or_train(nlu_cache_dir)


@pytest.fixture(scope="package")
def classifier(first_load: tuple[IntentClassifier, bool]) -> IntentClassifier:
    """The default classifier, trained on BANKING77 plus BankChat's own examples."""
    return first_load[0]
