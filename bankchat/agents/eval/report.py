"""The evaluation's one table: a row per measure, its figure, the target and whether it is met."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One measure."""

    measure: str
    figure: float | None
    """A share in [0, 1], or ``None`` when the detail says it all (latency)."""
    target: float | None
    detail: str


def verdict(row: Row) -> str:
    """``met``, ``missed by N points`` or ``-`` (no target)."""
    if row.target is None or row.figure is None:
        return "-"
    gap = (row.target - row.figure) * 100
    return "met" if gap <= 0 else f"missed by {gap:.2f} points"


def render(rows: Sequence[Row]) -> str:
    """The rows as an aligned plain-text table, details on the line below each."""
    width = max(len(row.measure) for row in rows)
    lines = [f"{'measure':{width}s}  {'figure':>7s}  {'target':>7s}  verdict", "-" * (width + 40)]
    for row in rows:
        figure = "" if row.figure is None else f"{row.figure:.2%}"
        target = "" if row.target is None else f">={row.target:.0%}"
        lines.append(f"{row.measure:{width}s}  {figure:>7s}  {target:>7s}  {verdict(row)}")
        lines.append(f"    {row.detail}")
    return "\n".join(lines)
