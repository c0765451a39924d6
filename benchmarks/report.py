"""The run's figures as Markdown tables (printed, and pasted into the README) and as a JSON file."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

FAILED = "failed"
"""Shown for a figure that was not obtained: every request of that cell failed (NaN in memory, null in JSON)."""


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _num(value: Any, spec: str) -> str:
    """``value`` formatted with ``spec``, or ``failed``."""
    return FAILED if _missing(value) else format(value, spec)


def _times(value: Any, spec: str) -> str:
    """A ratio as ``(1.5×)``, or ``(failed)``."""
    return f"({FAILED})" if _missing(value) else f"({format(value, spec)}×)"


def _row(cells: list[Any]) -> str:
    return "| " + " | ".join(FAILED if _missing(c) else str(c) for c in cells) + " |"


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(r) for r in rows)]


def _load_rows(section: dict[str, Any], mine: str, other: str) -> list[list[Any]]:
    rows = []
    for cell in section.get("cells", []):
        a, b, ratio = cell[mine], cell[other], cell["ratio"]
        rows.append(
            [
                cell["clients"],
                f"{_num(a['p50_ms'], '.2f')} / {_num(b['p50_ms'], '.2f')} {_times(ratio['p50_ms'], '.1f')}",
                f"{_num(a['p99_ms'], '.2f')} / {_num(b['p99_ms'], '.2f')} {_times(ratio['p99_ms'], '.1f')}",
                f"{_num(a['msgs_per_s'], '.0f')} / {_num(b['msgs_per_s'], '.0f')} {_times(ratio['msgs_per_s'], '.2f')}",
                f"{_num(a['cpu_ms_per_msg'], '.2f')} / {_num(b['cpu_ms_per_msg'], '.2f')}",
                f"{_num(a['bytes_per_reply'], '.0f')} / {_num(b['bytes_per_reply'], '.0f')}",
            ]
        )
    return rows


def _system_rows(label: str, figures: dict[str, Any], ratio: dict[str, Any] | None) -> list[Any]:
    """One system at one concurrency: figures, each with its ratio to the floor of the same rounds."""

    def with_ratio(key: str, spec: str, ratio_spec: str) -> str:
        shown = _num(figures[key], spec)
        return shown if ratio is None or _missing(figures[key]) else f"{shown} {_times(ratio[key], ratio_spec)}"

    return [
        label,
        with_ratio("p50_ms", ".2f", ".1f"),
        with_ratio("p99_ms", ".2f", ".1f"),
        with_ratio("msgs_per_s", ".0f", ".2f"),
        with_ratio("cpu_ms_per_msg", ".2f", ".1f"),
        _num(figures["bytes_per_reply"], ".0f"),
    ]


def _chat_rows(results: dict[str, Any]) -> list[list[Any]]:
    """BankChat, the floor and Chainlit (when measured) by concurrency, in one table."""
    peer = {c["clients"]: c for c in results.get("chainlit", {}).get("cells", [])}
    version = results.get("chainlit", {}).get("version", "")
    rows = []
    for cell in results.get("chat_load", {}).get("cells", []):
        clients = cell["clients"]
        rows.append([clients, *_system_rows("BankChat", cell["bankchat"], cell["ratio"])])
        rows.append([clients, *_system_rows("floor", cell["floor"], None)])
        if (other := peer.pop(clients, None)) is not None:
            rows.append([clients, *_system_rows(f"Chainlit {version} echo", other["chainlit"], other["ratio"])])
    for clients, other in peer.items():  # Chainlit measured at a concurrency chat_load was not
        rows.append([clients, *_system_rows(f"Chainlit {version} echo", other["chainlit"], other["ratio"])])
    return rows


def markdown(results: dict[str, Any]) -> str:
    """Every measured section as a table, then the goals."""
    lines: list[str] = []
    header = ["users", "p50 ms", "p99 ms", "msgs/s", "server CPU ms/msg", "bytes/reply"]
    if "cells" in results.get("chat_load", {}) or "cells" in results.get("chainlit", {}):
        lines += [
            "**Chat over the websocket, side by side (× = ratio to the floor measured in the same rounds)**",
            "",
        ]
        lines += [*_table(["users", "system", *header[1:]], _chat_rows(results)), ""]
        if "cells" in results.get("chainlit", {}):
            lines += [
                "Chainlit is paired with its own floor runs (in `chainlit.cells[].floor` of the JSON); "
                "the floor row is the one paired with BankChat.",
                "",
            ]
    if "cells" in results.get("rest", {}):
        lines += ["**REST `POST /api/chat/message` / bare FastAPI route, same two inserts (ratio)**", ""]
        lines += [*_table(["clients", *header[1:]], _load_rows(results["rest"], "bankchat", "bare_fastapi")), ""]
    if "levels" in results.get("history", {}):
        lines += ["**BankChat by stored history in the conversation**", ""]
        rows = [[r["messages"], r["p50_ms"], r["p99_ms"], r["bytes_per_reply"]] for r in results["history"]["levels"]]
        lines += [*_table(["stored messages", "p50 ms", "p99 ms", "bytes/reply"], rows), ""]
    if "sign_in" in results.get("account_size", {}):
        acct = results["account_size"]
        small, large = acct["accounts"]["small"], acct["accounts"]["large"]
        lines += [
            f"**By account size: small ({small['sessions']} conversations, {small['messages']} messages) vs large "
            f"({large['sessions']} conversations, {large['messages']:,} messages on screen)**",
            "",
        ]
        rows = [
            [
                action.replace("_", "-"),
                f"{_num(acct[action]['small']['p50_ms'], '.1f')} / {_num(acct[action]['large']['p50_ms'], '.1f')}",
                f"{_num(acct[action]['ratio_large_to_small'], '.2f')}×",
                f"{_num(acct[action]['small']['bytes'], '.0f')} / {_num(acct[action]['large']['bytes'], '.0f')}",
            ]
            for action in ("sign_in", "hydrate", "switch")
        ]
        lines += [*_table(["action", "p50 ms small / large", "ratio", "bytes small / large"], rows), ""]
    if "bankchat" in results.get("memory", {}):
        mem = results["memory"]
        lines += [
            f"**Memory per connected client ({mem['clients']} idle tabs)**: "
            f"BankChat {_num(mem['bankchat']['kb_per_client'], '')} KB, "
            f"floor {_num(mem['floor']['kb_per_client'], '')} KB",
            "",
        ]
    if "median_ms" in results.get("page_load", {}):
        page = results["page_load"]["median_ms"]
        lines += [
            f"**Chat page, production build, Chromium (median of {results['page_load']['loads']} cold loads)**: "
            f"usable {_num(page['interactive'], '.0f')} ms, DOM interactive {_num(page['dom_interactive'], '.0f')} ms, "
            f"load event {_num(page['load'], '.0f')} ms",
            "",
        ]
    if "cells" in results.get("scaleout", {}):
        lines += ["**PostgreSQL + Redis, 50 users**", ""]
        rows = [[c["workers"], c["p50_ms"], c["p99_ms"], c["msgs_per_s"]] for c in results["scaleout"]["cells"]]
        lines += [*_table(["workers", "p50 ms", "p99 ms", "msgs/s"], rows), ""]
    for name, section in results.items():
        if isinstance(section, dict) and "error" in section:
            lines += [f"**{name}: not measured** ({section['error']})", ""]
        elif isinstance(section, dict) and "skipped" in section:
            lines += [f"**{name}: skipped** ({section['skipped']})", ""]
    if results.get("goals"):
        rows = [[g["goal"], g["target"], g["value"], "met" if g["met"] else "**not met**"] for g in results["goals"]]
        lines += ["**Goals (issue 6)**", "", *_table(["goal", "target", "today", ""], rows)]
    return "\n".join(lines)


def strict(value: Any) -> Any:
    """``value`` with every NaN or infinity (a figure nobody obtained) replaced by None: strict JSON."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: strict(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [strict(v) for v in value]
    return value


def write_json(results: dict[str, Any], out_dir: Path, stamp: str) -> Path:
    """``benchmark-<stamp>.json`` and ``latest.json`` in ``out_dir``: strict JSON (``null`` for a failed figure)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(strict(results), indent=2, default=str, allow_nan=False)
    path = out_dir / f"benchmark-{stamp}.json"
    path.write_text(text)
    (out_dir / "latest.json").write_text(text)
    return path
