"""Our own held-out messages: enough of them, known labels, and never in any training file."""

from __future__ import annotations

import pytest

from bankchat.agents.eval import load_heldout
from bankchat.agents.eval.heldout import normalised
from bankchat.agents.nlu import clinc
from bankchat.agents.nlu.data import BANKING77_LABELS, OWN_INTENTS, load_all


def test_heldout_has_enough_distinct_labelled_messages() -> None:
    pairs = load_heldout()
    assert len(pairs) >= 300
    assert len({normalised(text) for text, _ in pairs}) == len(pairs)
    assert {label for _, label in pairs} <= set(OWN_INTENTS) | set(BANKING77_LABELS)


def test_heldout_lines_never_appear_in_training_data() -> None:
    trained = {normalised(text) for text in load_all().texts}
    leaked = [text for text, _ in load_heldout() if normalised(text) in trained]
    assert not leaked


@pytest.mark.skipif(not clinc.SHARED_DIR.exists(), reason="../shared/data/clinc150 is not here")
def test_heldout_lines_are_not_clinc_train_or_val_queries() -> None:
    splits = ("train", "val", "oos_train", "oos_val")
    clinc_texts = {normalised(text) for name in splits for text, _ in clinc.split(name)}
    assert not [text for text, _ in load_heldout() if normalised(text) in clinc_texts]
