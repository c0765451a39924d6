"""Training data: the shipped BANKING77 copy and BankChat's own examples."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

import bankchat.agents.nlu as nlu
from bankchat.agents.nlu.data import BANKING77_LABELS, OWN_INTENTS, load_banking77, load_own_intents, parse_own_intents


def test_banking77_copy_has_all_rows_and_labels() -> None:
    data = load_banking77()
    assert len(data.texts) == 10_003
    assert len(BANKING77_LABELS) == 77
    assert set(data.labels) == set(BANKING77_LABELS)


def test_own_intents_have_enough_distinct_examples() -> None:
    data = load_own_intents()
    counts = Counter(data.labels)
    assert set(OWN_INTENTS) <= set(counts) <= set(OWN_INTENTS) | set(BANKING77_LABELS)
    assert min(counts[intent] for intent in OWN_INTENTS) >= 40
    assert len({text.lower() for text in data.texts}) == len(data.texts)
    assert not set(OWN_INTENTS) & set(BANKING77_LABELS)


def test_parse_own_intents_rejects_unknown_intent() -> None:
    with pytest.raises(ValueError, match="unknown intent"):
        parse_own_intents(["[make_coffee]", "one latte please"])


def test_parse_own_intents_rejects_example_without_header() -> None:
    with pytest.raises(ValueError, match="before any"):
        parse_own_intents(["# comment", "hello"])


def test_public_names_are_exported() -> None:
    assert set(nlu.__all__) == {
        "BANKING77_LABELS",
        "CONFIDENCE_THRESHOLD",
        "IntentClassifier",
        "OWN_INTENTS",
        "Prediction",
        "get_classifier",
    }
    for name in nlu.__all__:
        assert hasattr(nlu, name)


def test_package_imports_no_web_framework() -> None:
    package = Path(nlu.__file__).parent
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not [n for n in names if n.split(".")[0] in {"reflex", "fastapi", "starlette"}], module.name
