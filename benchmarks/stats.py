"""Summaries of latency samples and side-by-side ratios."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100), linear between closest ranks; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    """The median; NaN when empty."""
    return statistics.median(values) if values else float("nan")


@dataclass(frozen=True)
class Summary:
    """One measurement: latencies in milliseconds, throughput, bytes, server CPU."""

    n: int
    p50_ms: float
    p99_ms: float
    msgs_per_s: float
    bytes_per_reply: float
    errors: int
    cpu_ms_per_msg: float
    """Server CPU (every process of the app) per message: steadier than wall time on a shared machine."""

    def as_dict(self) -> dict[str, Any]:
        """Rounded for the JSON file."""
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def summarize(
    seconds: Sequence[float], sizes: Sequence[int], *, window_s: float, errors: int = 0, cpu_s: float = float("nan")
) -> Summary:
    """A :class:`Summary` of latencies (seconds) and reply sizes collected over ``window_s`` seconds."""
    ms = [s * 1000 for s in seconds]
    n = len(ms)
    return Summary(
        n=n,
        p50_ms=percentile(ms, 50),
        p99_ms=percentile(ms, 99),
        msgs_per_s=n / window_s if window_s > 0 else float("nan"),
        bytes_per_reply=median([float(b) for b in sizes]),
        errors=errors,
        cpu_ms_per_msg=cpu_s * 1000 / n if n else float("nan"),
    )


def combine(rounds: Sequence[Summary]) -> dict[str, float]:
    """The median of each figure over the rounds."""
    keys = ("p50_ms", "p99_ms", "msgs_per_s", "bytes_per_reply", "cpu_ms_per_msg")
    out = {k: round(median([getattr(r, k) for r in rounds]), 3) for k in keys}
    out["n"] = sum(r.n for r in rounds)
    out["errors"] = sum(r.errors for r in rounds)
    return out


def paired_ratio(mine: Sequence[Summary], floor: Sequence[Summary], key: str) -> float:
    """Median over rounds of ``mine ÷ floor`` for one figure, each ratio taken within one round."""
    ratios = [getattr(a, key) / getattr(b, key) for a, b in zip(mine, floor, strict=True) if getattr(b, key)]
    return round(median(ratios), 3)
