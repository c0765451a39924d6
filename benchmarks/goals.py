"""Issue 6's goals, checked against a run's figures: each with the figure, the target and met / not met."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Results = dict[str, Any]


@dataclass(frozen=True)
class Goal:
    """One target from the issue."""

    name: str
    target: str
    value: Callable[[Results], float]
    ok: Callable[[float], bool]


def _cell(section: str, clients_index: int) -> Callable[[Results], dict[str, Any]]:
    return lambda r: r[section]["cells"][clients_index]


def _goals(results: Results) -> list[Goal]:
    goals: list[Goal] = []
    for index, cell in enumerate(results.get("chat_load", {}).get("cells", [])):
        c = cell["clients"]
        chat = _cell("chat_load", index)
        goals += [
            Goal(
                f"chat p50 vs floor, {c} users", "≤ 1.5×", lambda r, f=chat: f(r)["ratio"]["p50_ms"], lambda v: v <= 1.5
            ),
            Goal(
                f"chat p99 vs floor, {c} users", "≤ 1.5×", lambda r, f=chat: f(r)["ratio"]["p99_ms"], lambda v: v <= 1.5
            ),
        ]
        if index == len(results["chat_load"]["cells"]) - 1 and c > 1:
            goals.append(
                Goal(
                    f"chat msgs/s vs floor, {c} users",
                    "≥ 0.7×",
                    lambda r, f=chat: f(r)["ratio"]["msgs_per_s"],
                    lambda v: v >= 0.7,
                )
            )
    if "history" in results:
        goals += [
            Goal(
                "round trip, largest vs smallest history",
                "≤ 1.1×",
                lambda r: r["history"]["ratio_largest_to_smallest"]["p50_ms"],
                lambda v: v <= 1.1,
            ),
            Goal(
                "bytes per reply, largest vs smallest history",
                "≤ 1.1×",
                lambda r: r["history"]["ratio_largest_to_smallest"]["bytes_per_reply"],
                lambda v: v <= 1.1,
            ),
        ]
    for action in ("sign_in", "hydrate", "switch"):
        if action in results.get("account_size", {}):
            goals.append(
                Goal(
                    f"{action.replace('_', '-')}, large vs small account",
                    "≤ 1.1×",
                    lambda r, a=action: r["account_size"][a]["ratio_large_to_small"],
                    lambda v: v <= 1.1,
                )
            )
    if "memory" in results:
        goals.append(
            Goal(
                "memory per connected client (KB)",
                "≤ 300 KB",
                lambda r: r["memory"]["bankchat"]["kb_per_client"],
                lambda v: v <= 300,
            )
        )
    for index, cell in enumerate(results.get("rest", {}).get("cells", [])):
        rest = _cell("rest", index)
        for key in ("p50_ms", "p99_ms"):
            goals.append(
                Goal(
                    f"REST {key[:3]} vs bare FastAPI, {cell['clients']} clients",
                    "≤ 2×",
                    lambda r, f=rest, k=key: f(r)["ratio"][k],
                    lambda v: v <= 2,
                )
            )
    if "page_load" in results:
        goals.append(
            Goal(
                "chat page usable (ms)",
                "< 1000 ms",
                lambda r: r["page_load"]["median_ms"]["interactive"],
                lambda v: v < 1000,
            )
        )
    return goals


def evaluate(results: Results) -> list[dict[str, Any]]:
    """Every goal whose figures were measured (sections that failed are left out)."""
    measured = {k: v for k, v in results.items() if isinstance(v, dict) and "error" not in v}
    out = []
    for goal in _goals(measured):
        value = goal.value(measured)
        out.append({"goal": goal.name, "target": goal.target, "value": round(value, 3), "met": bool(goal.ok(value))})
    return out
