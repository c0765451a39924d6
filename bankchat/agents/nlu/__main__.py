"""Command line: ``python -m bankchat.agents.nlu {eval FILE.csv | cv [--folds 5] | bench | predict TEXT...}``.

``eval`` and ``cv`` end with the line ``accuracy=0.XXXX n=N``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from bankchat.agents.clarify import CONFIDENCE_THRESHOLD
from bankchat.agents.nlu import cache
from bankchat.agents.nlu.data import OWN_INTENTS, load_banking77, load_extras, load_own_intents, read_csv
from bankchat.agents.nlu.evaluate import THRESHOLDS, Scored, cross_validate, evaluate, latency, stratified_subset
from bankchat.agents.nlu.model import IntentClassifier
from bankchat.agents.nlu.neighbours import CALIBRATION


def _load_classifier() -> IntentClassifier:
    start = time.perf_counter()
    classifier, trained = cache.load_or_train()
    how = "trained and cached" if trained else "loaded from cache"
    print(f"model: {how} in {time.perf_counter() - start:.2f}s ({cache.cache_dir()})")
    return classifier


def _report(scored: Scored, per_label: bool, overall: float | None = None) -> None:
    if per_label:
        print(f"{'label':45s} {'n':>5s} {'acc':>7s}  most common mistake")
        for label, n, accuracy, mistake in scored.per_label():
            print(f"{label:45s} {n:5d} {accuracy:7.4f}  {mistake}")
    for threshold in THRESHOLDS:
        coverage, accuracy = scored.coverage_at(threshold)
        marker = "  <- CONFIDENCE_THRESHOLD" if threshold == CONFIDENCE_THRESHOLD else ""
        print(f"confidence>={threshold:.2f}: coverage={coverage:.4f} accuracy={accuracy:.4f}{marker}")
    print(f"accuracy={scored.accuracy if overall is None else overall:.4f} n={len(scored.expected)}")


def _eval(args: argparse.Namespace) -> None:
    data = read_csv(args.file)
    classifier = _load_classifier()
    scored = evaluate(classifier, data)
    unknown = sorted(set(data.labels) - set(classifier.labels))
    if unknown:
        print(f"warning: labels the model does not know (always wrong): {', '.join(unknown)}")
    own = sum(1 for p in scored.predicted if p in OWN_INTENTS)
    print(f"predictions of BankChat's own intents (wrong for BANKING77 rows): {own}")
    _report(scored, per_label=True)


def _cv(args: argparse.Namespace) -> None:
    data = load_banking77()
    if args.fraction < 1.0:
        data = stratified_subset(data, args.fraction, seed=args.seed)
    extra, training = None, "BANKING77 folds only"
    if args.with_extras:
        extra, training = load_extras(), "BANKING77 folds plus our own examples and the mapped CLINC150 rows"
    elif args.with_own:
        extra, training = load_own_intents(), "BANKING77 folds plus BankChat's own examples"
    accuracies = []
    for seed in range(args.seed, args.seed + args.repeats):
        start = time.perf_counter()
        result = cross_validate(data, folds=args.folds, seed=seed, extra=extra, n_jobs=args.jobs)
        print(
            f"{args.folds}-fold stratified CV on {len(data.texts)} BANKING77 rows (seed {seed}), trained on {training}"
        )
        print("fold accuracies: " + " ".join(f"{a:.4f}" for a in result.fold_accuracies))
        print(f"time: {time.perf_counter() - start:.1f}s")
        best = result.best_sharpening * CALIBRATION
        print(f"best calibration (power of the blended probabilities): {best:.2f} (in use: {CALIBRATION})")
        accuracies.append(result.scored.accuracy)
    if len(accuracies) > 1:
        print(
            f"mean over seeds {args.seed}..{args.seed + args.repeats - 1}: " + " ".join(f"{a:.4f}" for a in accuracies)
        )
    _report(result.scored, per_label=args.per_label, overall=sum(accuracies) / len(accuracies))


def _bench(args: argparse.Namespace) -> None:
    classifier = _load_classifier()
    texts = list(load_banking77().texts[: args.n])
    start = time.perf_counter()
    classifier.predict_many(texts)
    batch_ms = (time.perf_counter() - start) * 1000 / len(texts)
    stats = latency(classifier, texts)
    print(f"single predict over {len(texts)} sentences (ms): " + " ".join(f"{k}={v:.3f}" for k, v in stats.items()))
    print(f"predict_many: {batch_ms:.3f} ms per sentence")


def _predict(args: argparse.Namespace) -> None:
    classifier = _load_classifier()
    for text in args.texts:
        prediction = classifier.predict(text)
        others = ", ".join(f"{label} {p:.2f}" for label, p in prediction.alternatives)
        print(f"{prediction.intent}\t{prediction.confidence:.2f}\t{text}\t[{others}]")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m bankchat.agents.nlu", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    evaluate_cmd = commands.add_parser("eval", help="score the default model on a text,category CSV")
    evaluate_cmd.add_argument("file")
    evaluate_cmd.set_defaults(run=_eval)
    cv = commands.add_parser("cv", help="cross-validated accuracy on BANKING77")
    cv.add_argument("--folds", type=int, default=5)
    cv.add_argument("--seed", type=int, default=0)
    cv.add_argument("--repeats", type=int, default=1, help="repeat with seeds seed, seed+1, ...; report the mean")
    cv.add_argument("--fraction", type=float, default=1.0, help="use a stratified share of BANKING77 (quick runs)")
    cv.add_argument("--with-own", action="store_true", help="add BankChat's own examples to every training fold")
    cv.add_argument(
        "--with-extras", action="store_true", help="add our own examples and the CLINC150 rows to every training fold"
    )
    cv.add_argument("--jobs", type=int, default=2, help="folds trained in parallel")
    cv.add_argument("--per-label", action="store_true", help="print accuracy per label")
    cv.set_defaults(run=_cv)
    bench = commands.add_parser("bench", help="latency of a single predict (p50/p99)")
    bench.add_argument("-n", type=int, default=1000)
    bench.set_defaults(run=_bench)
    predict = commands.add_parser("predict", help="classify the given messages")
    predict.add_argument("texts", nargs="+")
    predict.set_defaults(run=_predict)
    args = parser.parse_args(argv)
    args.run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
