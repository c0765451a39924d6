"""The benchmark's report: strict JSON and "failed" for figures nobody obtained; Chainlit in the chat table."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from benchmarks import report

NAN = float("nan")


def _figures(p50: float, msgs: float) -> dict[str, Any]:
    return {
        "p50_ms": p50,
        "p99_ms": p50 * 3,
        "msgs_per_s": msgs,
        "bytes_per_reply": 170.0 if p50 == p50 else NAN,
        "cpu_ms_per_msg": 0.5 if p50 == p50 else NAN,
        "n": 0 if math.isnan(p50) else 100,
        "errors": 12 if math.isnan(p50) else 0,
    }


def _ratio(value: float) -> dict[str, float]:
    return {"p50_ms": value, "p99_ms": value, "msgs_per_s": 1 / value if value else NAN, "cpu_ms_per_msg": value}


def _results() -> dict[str, Any]:
    return {
        "chat_load": {
            "cells": [
                {"clients": 1, "bankchat": _figures(1.0, 900.0), "floor": _figures(0.5, 1800.0), "ratio": _ratio(2.0)},
                {"clients": 50, "bankchat": _figures(NAN, 0.0), "floor": _figures(20.0, 1500.0), "ratio": _ratio(NAN)},
            ]
        },
        "chainlit": {
            "version": "2.12.0",
            "cells": [
                {"clients": 1, "chainlit": _figures(6.0, 170.0), "floor": _figures(0.5, 1800.0), "ratio": _ratio(12.0)},
            ],
        },
        "rest": {
            "cells": [
                {
                    "clients": 50,
                    "bankchat": _figures(NAN, 0.0),
                    "bare_fastapi": _figures(2.0, 500.0),
                    "ratio": _ratio(NAN),
                }
            ]
        },
        "scaleout": {"skipped": "not in the --tiny configuration"},
        "goals": [{"goal": "chat p50 vs floor, 50 users", "target": "≤ 1.5×", "value": NAN, "met": False}],
    }


def test_json_is_strict_with_null_for_failed_figures(tmp_path: Path) -> None:
    path = report.write_json(_results(), tmp_path, "20260101T000000Z")

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in the JSON")

    for written in (path, tmp_path / "latest.json"):
        data = json.loads(written.read_text(), parse_constant=refuse)
        cell = data["chat_load"]["cells"][1]
        assert cell["bankchat"]["p50_ms"] is None
        assert cell["ratio"]["p50_ms"] is None
        assert cell["bankchat"]["msgs_per_s"] == 0.0
        assert data["goals"][0]["value"] is None


def test_markdown_says_failed_and_shows_chainlit_beside_bankchat_and_the_floor() -> None:
    text = report.markdown(_results())
    assert "nan" not in text.lower()
    rows = [line for line in text.splitlines() if line.startswith("| 50 | BankChat |")]
    assert rows == ["| 50 | BankChat | failed | failed | 0 (failed) | failed | failed |"]
    assert "| 1 | Chainlit 2.12.0 echo | 6.00 (12.0×) | 18.00 (12.0×) | 170 (0.08×) |" in text
    assert "| 50 | failed / 2.00 (failed) | failed / 6.00 (failed) | 0 / 500 (failed) |" in text
    assert "| chat p50 vs floor, 50 users | ≤ 1.5× | failed | **not met** |" in text
