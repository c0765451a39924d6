"""``python -m bankchat.agents.eval`` on a tiny configuration, with a stand-in predictor."""

from __future__ import annotations

from pathlib import Path

import pytest

from bankchat.agents.eval import accepted, main
from bankchat.agents.eval.report import Row, verdict
from bankchat.agents.nlu import clinc
from bankchat.agents.nlu.cache import CACHE_ENV

TINY = ["--cv-fraction", "0.05", "--cv-folds", "2", "--cv-repeats", "1", "--jobs", "1", "--limit", "20"]
ROWS = (
    "BANKING77 2-fold CV top-1",
    "CLINC150 test: in-scope accuracy",
    "CLINC150 test: out-of-scope recall",
    "CLINC150 test: declined intents",
    "Held-out messages",
    "Understanding latency",
)


def _always_out_of_scope(text: str) -> str:
    return "out_of_scope"


@pytest.fixture
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    return tmp_path


@pytest.mark.skipif(not clinc.SHARED_DIR.exists(), reason="../shared/data/clinc150 is not here")
def test_eval_prints_every_row_on_a_tiny_run(private_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(TINY, predict=_always_out_of_scope) == 0
    out = capsys.readouterr().out
    for row in ROWS:
        assert row in out
    assert "computed now" in out
    assert "CLINC150 test: out-of-scope recall (n=20)" in out
    assert "100.00%" in out  # everything declined: perfect out-of-scope recall

    assert main([*TINY, "--quick"], predict=_always_out_of_scope) == 0
    assert "remembered from" in capsys.readouterr().out


def test_fraud_family_labels_count_as_each_other() -> None:
    assert "compromised_card" in accepted("report_fraud")
    assert accepted("check_balance") == frozenset({"check_balance"})
    assert "dispute_payment" in accepted("card_payment_not_recognised")
    assert "dispute_payment" not in accepted("compromised_card")


def test_verdict_says_by_how_much_a_target_is_missed() -> None:
    assert verdict(Row("x", 0.95, 0.97, "")) == "missed by 2.00 points"
    assert verdict(Row("x", 0.98, 0.97, "")) == "met"
    assert verdict(Row("x", None, None, "")) == "-"
