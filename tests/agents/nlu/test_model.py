"""The intent classifier: its answers, its confidences and its fast path."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from bankchat.agents.nlu import BANKING77_LABELS, CONFIDENCE_THRESHOLD, OWN_INTENTS, IntentClassifier, Prediction
from bankchat.agents.router import by_rule


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("what's my balance?", "check_balance"),
        ("how much money do I have in savings", "check_balance"),
        ("send 50 to savings", "transfer_money"),
        ("transfer £20 to Bob", "transfer_money"),
        ("show my last 5 transactions", "list_transactions"),
        ("how much did I spend on groceries last month", "spending_summary"),
        ("freeze my card", "freeze_card"),
        ("unfreeze my card", "unfreeze_card"),
        ("I found my card, reactivate it", "unfreeze_card"),
        ("I lost my card", "lost_or_stolen_card"),
        ("I want to speak to a human", "human_handoff"),
        ("what's the weather tomorrow", "out_of_scope"),
        ("hello", "greeting"),
        ("thanks a lot", "thanks"),
        ("bye", "goodbye"),
        ("what can you do", "help"),
        ("yes", "confirm"),
        ("cancel that", "deny"),
        ("cancel my transfer", "cancel_transfer"),
    ],
)
def test_predict_clear_phrases(classifier: IntentClassifier, text: str, intent: str) -> None:
    prediction = classifier.predict(text)
    assert prediction.intent == intent, prediction
    assert prediction.confidence >= CONFIDENCE_THRESHOLD


@pytest.mark.parametrize("text", ["what's my balance?", "I lost my card", "qwzx", "", "   ", "£€$ 123 !!!"])
def test_predict_returns_probabilities(classifier: IntentClassifier, text: str) -> None:
    prediction = classifier.predict(text)
    assert isinstance(prediction, Prediction)
    assert 0.0 <= prediction.confidence <= 1.0
    assert len(prediction.alternatives) == 3
    assert prediction.alternatives[0] == (prediction.intent, prediction.confidence)
    scores = [score for _, score in prediction.alternatives]
    assert scores == sorted(scores, reverse=True)
    assert sum(scores) <= 1.0 + 1e-9


@pytest.mark.parametrize("text", ["qwzx plorb vuntek", "asdfgh jkl", "zzzz zz zzz", "blorft gnarp"])
def test_predict_gibberish_is_never_acted_on(classifier: IntentClassifier, text: str) -> None:
    """The keyboard-mash rule catches it before the classifier, or the classifier is unsure or declines it."""
    prediction = classifier.predict(text)
    assert (
        by_rule(text) is not None or prediction.confidence < CONFIDENCE_THRESHOLD or prediction.intent == "out_of_scope"
    )


def test_labels_cover_banking77_and_own_intents(classifier: IntentClassifier) -> None:
    assert set(classifier.labels) == set(BANKING77_LABELS) | set(OWN_INTENTS)


def test_predict_many_matches_predict(classifier: IntentClassifier) -> None:
    texts = ["what's my balance?", "my card hasn't arrived", "yes please", "", "a" * 2000]
    batch = classifier.predict_many(texts)
    for text, prediction in zip(texts, batch, strict=True):
        single = classifier.predict(text)
        assert single.intent == prediction.intent
        # Same numbers, summed in another order in float32 (the neighbour vote): equal to 1e-6.
        assert single.confidence == pytest.approx(prediction.confidence, abs=1e-6)
    assert classifier.predict_many([]) == []


def test_fast_path_equals_pipeline_margins(classifier: IntentClassifier) -> None:
    from bankchat.agents.nlu.data import load_own_intents
    from bankchat.agents.nlu.fast import FastScorer

    texts = [*load_own_intents().texts[::7], "Where's my card?? It's been 2 weeks!!", "£", "ünïcödé cärd"]
    fast = FastScorer(classifier._pipeline)
    expected = classifier.margins(texts)
    actual = np.vstack([fast.margins(text) for text in texts])
    np.testing.assert_allclose(actual, expected, atol=1e-9)


def test_fit_on_small_data_learns_labels() -> None:
    texts = ["freeze my card", "lock my card", "hello there", "hi", "send money to bob", "transfer 5 to alice"]
    labels = ["freeze_card", "freeze_card", "greeting", "greeting", "transfer_money", "transfer_money"]
    classifier = IntentClassifier().fit(texts * 2, labels * 2)
    assert classifier.labels == ("freeze_card", "greeting", "transfer_money")
    assert classifier.predict("please lock my card").intent == "freeze_card"


def test_the_parts_of_a_label_answer_as_that_label() -> None:
    texts = [
        "freeze my card", "lock my card", "hello there", "hi",
        "will it rain tomorrow", "what is the weather like", "how do i bake bread", "a recipe for soup",
    ]  # fmt: skip
    labels = ["freeze_card"] * 2 + ["greeting"] * 2 + ["out_of_scope~weather"] * 2 + ["out_of_scope~cooking"] * 2
    classifier = IntentClassifier().fit(texts * 2, labels * 2)
    assert classifier.labels == ("freeze_card", "greeting", "out_of_scope")
    rain = classifier.predict("is it going to rain")
    assert rain.intent == "out_of_scope"
    assert [name for name, _ in rain.alternatives].count("out_of_scope") == 1
    probabilities = classifier.probabilities(["is it going to rain", "lock the card"])
    assert probabilities.shape == (2, 3)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    assert rain.confidence == pytest.approx(probabilities[0, 2])
    lock = classifier.predict("lock the card")  # a real label wins: answered among the real labels only
    assert lock.intent == "freeze_card"
    assert dict(lock.alternatives).get("out_of_scope", 0.0) == 0.0
    assert lock.confidence == pytest.approx(probabilities[1, 0] / probabilities[1, :2].sum())


def test_predict_before_fit_raises() -> None:
    with pytest.raises(RuntimeError, match="not fitted"):
        IntentClassifier().predict("hello")


def test_analyzer_is_thread_safe() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from bankchat.agents.nlu.text import _stem, stem_pairs

    stems = ("transfer", "payment", "freez", "generaliz", "nation", "happi", "verif")
    suffixes = ("ing", "ed", "ations", "ness", "ly", "izing", "fulness")
    texts = [f"{stem}{suffix}{'x' * n} {stem}{suffix}" for stem in stems for suffix in suffixes for n in range(40)]
    _stem.cache_clear()
    expected = [stem_pairs(text) for text in texts]
    _stem.cache_clear()  # every thread now stems words nobody has cached
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often, so a shared stemmer would be caught mid-word
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            parallel = list(pool.map(stem_pairs, texts))
    finally:
        sys.setswitchinterval(interval)
    assert parallel == expected
