"""The CLINC150 mapping table and the rows it adds to the default training set."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from bankchat.agents.nlu import clinc, data, distil
from bankchat.agents.nlu.data import BANKING77_LABELS, OWN_INTENTS, load_all, load_clinc, load_own_intents

pytestmark = pytest.mark.skipif(not clinc.SHARED_DIR.exists(), reason="../shared/data/clinc150 is not here")

NEW_INTENTS = ("list_payees", "pay_card_bill", "money_in", "fees", "bot_identity", "report_fraud")


def test_mapping_covers_every_clinc_intent_exactly_once() -> None:
    listed = [intent for intents in clinc.domains().values() for intent in intents]
    assert len(listed) == len(set(listed)) == 150
    table = clinc.mapping()
    assert set(table) == set(listed)
    assert set(clinc.MAPPING) <= set(listed), "a MAPPING row names no CLINC intent"
    mapped_domains = {intent for domain in clinc.MAPPED_DOMAINS for intent in clinc.domains()[domain]}
    assert mapped_domains <= set(clinc.MAPPING), "every intent of a mapped domain is decided explicitly"


def test_mapping_targets_are_known_labels_with_reasons() -> None:
    known = set(OWN_INTENTS) | set(BANKING77_LABELS) | {clinc.SKIP}
    for intent, target in clinc.mapping().items():
        assert target.label in known, intent
        assert target.reason.strip(), intent


def test_new_own_intents_exist_with_enough_examples() -> None:
    counts = Counter(load_own_intents().labels)
    for intent in NEW_INTENTS:
        assert intent in OWN_INTENTS
        assert counts[intent] >= 40, intent


def test_shipped_clinc_rows_are_the_train_split_selection() -> None:
    shipped = clinc._read_train_file(clinc.TRAIN_FILE)
    assert shipped == clinc.training_rows()
    skipped = {intent for intent, target in clinc.mapping().items() if target.label == clinc.SKIP}
    assert not skipped & {intent for _, intent in shipped}


def test_clinc_rows_are_in_the_default_training_set_without_swamping_it() -> None:
    everything = load_all()
    assert set(load_clinc().texts) <= set(everything.texts)
    counts = Counter(everything.labels)
    assert counts["out_of_scope"] == Counter(load_own_intents().labels)["out_of_scope"], "CLINC's come as parts"
    parts = {label: n for label, n in counts.items() if label.startswith(f"out_of_scope{data.PART}")}
    assert len(parts) > 100
    assert max(parts.values()) <= counts["transfer_money"], "no declined topic outweighs a real label"


def test_data_fingerprint_covers_the_clinc_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = data.data_fingerprint()
    edited = tmp_path / "clinc150_train.tsv"
    edited.write_text(clinc.TRAIN_FILE.read_text(encoding="utf-8") + "one more row\tbalance\n", encoding="utf-8")
    monkeypatch.setattr(clinc, "TRAIN_FILE", edited)
    assert data.data_fingerprint() != before


def test_fit_ridge_sampled_holds_out_every_row() -> None:
    rng = np.random.default_rng(3)
    features = sparse.random(80, 150, density=0.1, random_state=3, format="csr")
    targets = rng.normal(size=(80, 4))
    ridge = distil.fit_ridge_sampled(features, targets, max_rows=50)
    assert ridge.held_out.shape == targets.shape
    whole = distil.fit_ridge_sampled(features, targets, max_rows=80)
    np.testing.assert_allclose(whole.held_out, distil.fit_ridge(features, targets).held_out)
