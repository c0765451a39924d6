"""The command line: ``eval`` on a held-out CSV, ``cv`` on a small subset, ``bench``."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bankchat.agents.nlu import IntentClassifier
from bankchat.agents.nlu.__main__ import main

REPO_ROOT = Path(__file__).resolve().parents[3]
LAST_LINE = re.compile(r"^accuracy=(\d\.\d{4}) n=(\d+)$")

# Written for this test, not taken from BANKING77's training file.
HELD_OUT = [
    ("My new card still hasn't shown up in the post, where is it?", "card_arrival"),
    ("It has been ten days and no card has arrived yet", "card_arrival"),
    ("Somebody pinched my wallet with my card inside", "lost_or_stolen_card"),
    ("I can't find my card anywhere, I think I lost it on the train", "lost_or_stolen_card"),
    ("How do I change the PIN on my card?", "change_pin"),
    ("I'd like a different PIN number please", "change_pin"),
    ("I typed the wrong PIN three times and now it's locked", "pin_blocked"),
    ("Which currencies can I keep money in?", "fiat_currency_support"),
    ("What exchange rate do you use when converting money?", "exchange_rate"),
    ("Is there a fee when I exchange currencies?", "exchange_charge"),
    ("The cash machine gave me less money than I asked for", "wrong_amount_of_cash_received"),
    ("I was charged twice for the same coffee", "transaction_charged_twice"),
    ("There is a payment on my card that I never made", "card_payment_not_recognised"),
    ("Can I stop a transfer I sent by mistake a minute ago?", "cancel_transfer"),
    ("How many days does a bank transfer take to arrive?", "transfer_timing"),
    ("I transferred money but my balance is still the same", "balance_not_updated_after_bank_transfer"),
    ("I deposited a cheque and the balance hasn't changed", "balance_not_updated_after_cheque_or_cash_deposit"),
    ("My friend says she never got the money I sent her", "transfer_not_received_by_recipient"),
    ("Why was I charged a fee for my transfer?", "transfer_fee_charged"),
    ("How can I top up my account using my card?", "topping_up_by_card"),
    ("I tried adding money with my card but the top-up failed", "top_up_failed"),
    ("What is the maximum amount I can top up?", "top_up_limits"),
    ("Can I use Apple Pay with your card?", "apple_pay_or_google_pay"),
    ("Contactless payments don't work on my card", "contactless_not_working"),
    ("The ATM kept my card and didn't give it back", "card_swallowed"),
    ("My card expires next month, what should I do?", "card_about_to_expire"),
    ("How do I activate the card I just received?", "activate_my_card"),
    ("I want to close my account permanently", "terminate_account"),
    ("How do I update my home address?", "edit_personal_details"),
    ("How old do I have to be to open an account?", "age_limit"),
    ("Do you offer disposable virtual cards?", "get_disposable_virtual_card"),
    ("Can I get a virtual card for online shopping?", "getting_virtual_card"),
    ("Can I order an extra card for my partner?", "getting_spare_card"),
    ("Where can I withdraw cash with this card?", "atm_support"),
    ("Why was I charged for taking cash out?", "cash_withdrawal_charge"),
    ("My card payment was declined at the shop", "declined_card_payment"),
    ("What is the reason you need proof of who I am?", "why_verify_identity"),
    ("I forgot my passcode for the app", "passcode_forgotten"),
    ("I want my money back for something I bought", "request_refund"),
    ("Is my card accepted in Japan?", "card_acceptance"),
]


def test_held_out_sentences_are_not_training_rows() -> None:
    from bankchat.agents.nlu.data import load_banking77

    training = {text.strip().lower() for text in load_banking77().texts}
    assert not [text for text, _ in HELD_OUT if text.strip().lower() in training]


@pytest.fixture
def held_out_csv(tmp_path: Path) -> Path:
    path = tmp_path / "held_out.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "category"])
        writer.writerows(HELD_OUT)
    return path


def test_eval_prints_accuracy_last_line_for_held_out_csv(
    classifier: IntentClassifier, nlu_cache_dir: Path, held_out_csv: Path
) -> None:
    env = {**os.environ, "BANKCHAT_NLU_CACHE": str(nlu_cache_dir)}
    result = subprocess.run(
        [sys.executable, "-m", "bankchat.agents.nlu", "eval", str(held_out_csv)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    lines = result.stdout.strip().splitlines()
    assert "loaded from cache" in lines[0]
    match = LAST_LINE.match(lines[-1])
    assert match, lines[-1]
    assert int(match.group(2)) == len(HELD_OUT)
    assert float(match.group(1)) >= 0.8


def test_cv_on_small_subset_is_accurate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cv", "--folds", "2", "--fraction", "0.3", "--jobs", "1"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    match = LAST_LINE.match(last)
    assert match, last
    assert int(match.group(2)) == 3000
    assert float(match.group(1)) > 0.8


def test_cv_repeats_report_the_mean_over_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cv", "--folds", "2", "--fraction", "0.1", "--repeats", "2", "--jobs", "1"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    seeds = [line for line in lines if line.startswith("mean over seeds 0..1: ")]
    assert len(seeds) == 1
    first, second = (float(value) for value in seeds[0].split(": ")[1].split())
    assert first != second  # two different fold assignments
    match = LAST_LINE.match(lines[-1])
    assert match, lines[-1]
    assert float(match.group(1)) == pytest.approx((first + second) / 2, abs=1e-4)


def test_bench_reports_latency(
    classifier: IntentClassifier,
    nlu_cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BANKCHAT_NLU_CACHE", str(nlu_cache_dir))
    assert main(["bench", "-n", "200"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"p99=\d+\.\d+", out), out  # a figure, not a timing assertion: benchmarks/ measures speed
