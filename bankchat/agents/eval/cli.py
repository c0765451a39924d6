"""``python -m bankchat.agents.eval``: every public figure of BankChat's understanding, one table.

BANKING77 cross-validated top-1 (the classifier alone, as ``python -m bankchat.agents.nlu cv``),
CLINC150's test split under the mapping table (in-scope accuracy, out-of-scope recall), our own
held-out messages, and the latency of understanding one message. The messages go through
``predictor.understand`` (today the router). ``--quick`` reuses a remembered BANKING77 figure
for the same data and code; ``--limit`` makes a tiny run (tests).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bankchat.agents.eval import banking77
from bankchat.agents.eval.heldout import HELDOUT_FILE, load_heldout
from bankchat.agents.eval.predictor import Predictor, understand
from bankchat.agents.eval.report import Row, render
from bankchat.agents.eval.scoring import Score, clinc_test_sets, latency_ms, score
from bankchat.agents.nlu import clinc


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bankchat.agents.eval", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="reuse the remembered BANKING77 CV figure if current")
    parser.add_argument("--cv-folds", type=int, default=5)
    parser.add_argument("--cv-repeats", type=int, default=3, help="fold assignments (seeds 0, 1, ...) averaged")
    parser.add_argument("--cv-fraction", type=float, default=1.0, help="a stratified share of BANKING77 (tiny runs)")
    parser.add_argument("--jobs", type=int, default=2, help="CV folds trained in parallel")
    parser.add_argument("--limit", type=int, default=None, help="at most this many messages per message set")
    parser.add_argument("--clinc-dir", type=Path, default=clinc.SHARED_DIR)
    parser.add_argument("--heldout", type=Path, default=HELDOUT_FILE)
    return parser


def _cv_row(args: argparse.Namespace) -> Row:
    settings = (args.cv_folds, args.cv_repeats, args.cv_fraction)
    figure = banking77.remembered(*settings) if args.quick else None
    how = f"remembered from {figure.measured_on}" if figure else "computed now"
    if figure is None:
        figure = banking77.compute(*settings, jobs=args.jobs)
        banking77.remember(figure)
    share = "" if args.cv_fraction >= 1.0 else f" on {args.cv_fraction:.0%} of the rows"
    seeds = " ".join(f"{a:.2%}" for a in figure.per_seed)
    return Row(
        f"BANKING77 {args.cv_folds}-fold CV top-1{share}, mean of {args.cv_repeats} seed(s)",
        figure.accuracy,
        0.93,
        f"seeds: {seeds}; {how}",
    )


def _score_row(name: str, result: Score, target: float | None) -> Row:
    mistakes = "; ".join(f"{m} ×{n}" for m, n in result.mistakes) or "none"
    return Row(f"{name} (n={result.total})", result.accuracy, target, f"commonest mistakes: {mistakes}")


def main(argv: Sequence[str] | None = None, predict: Predictor = understand) -> int:
    """Print the table; returns the exit status (0 even when a target is missed: this measures)."""
    args = _parser().parse_args(argv)
    sets = clinc_test_sets(args.clinc_dir, args.limit)
    heldout = load_heldout(args.heldout)[: args.limit]
    rows = [
        _cv_row(args),
        _score_row("CLINC150 test: in-scope accuracy on mapped intents", score(predict, sets.in_scope), 0.96),
        _score_row("CLINC150 test: out-of-scope recall", score(predict, sets.out_of_scope), 0.90),
        _score_row(
            "CLINC150 test: declined intents of mapped domains", score(predict, sets.declined_in_mapped_domains), None
        ),
        _score_row("Held-out messages of our own", score(predict, heldout), 0.97),
    ]
    texts = [text for text, _ in heldout + sets.in_scope + sets.out_of_scope]
    timing = latency_ms(predict, texts)
    latency = Row(
        f"Understanding latency, one message, single thread (n={len(texts)})",
        None,
        None,
        f"p50 {timing['p50']:.2f} ms, p99 {timing['p99']:.2f} ms",
    )
    print(f"BankChat understanding evaluation, {date.today().isoformat()} (python -m bankchat.agents.eval)")
    print(render([*rows, latency]))
    return 0
