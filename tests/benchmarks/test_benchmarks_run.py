"""The benchmark command (``python -m benchmarks.run``) runs on its tiny configuration and writes every figure.

Not a timing test: only that each measurement ran, against the real apps, and that the
JSON has the keys the README's tables and plots are made from.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.live

REPO = Path(__file__).resolve().parents[2]
LOAD_FIGURES = {"p50_ms", "p99_ms", "msgs_per_s", "bytes_per_reply", "cpu_ms_per_msg", "n", "errors"}
RATIOS = {"p50_ms", "p99_ms", "msgs_per_s", "cpu_ms_per_msg"}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("benchmark-results")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--tiny", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"stdout:\n{done.stdout[-2000:]}\nstderr:\n{done.stderr[-4000:]}"
    assert "| goal | target | today |" in done.stdout  # the printed table
    return dict(json.loads((out / "latest.json").read_text()))


def test_run_benchmarks_tiny_writes_load_figures_side_by_side(results: dict[str, Any]) -> None:
    for section, other in (("chat_load", "floor"), ("rest", "bare_fastapi")):
        cells = results[section]["cells"]
        assert [c["clients"] for c in cells] == results["config"]["concurrency"]
        for cell in cells:
            assert set(cell["bankchat"]) >= LOAD_FIGURES
            assert set(cell[other]) >= LOAD_FIGURES
            assert set(cell["ratio"]) == RATIOS
            assert cell["bankchat"]["n"] > 0
            assert cell["bankchat"]["errors"] == 0


def test_run_benchmarks_tiny_writes_size_memory_and_page_figures(results: dict[str, Any]) -> None:
    assert [row["messages"] for row in results["history"]["levels"]] == results["config"]["history"]
    assert set(results["history"]["ratio_largest_to_smallest"]) == {"p50_ms", "bytes_per_reply"}
    for action in ("sign_in", "hydrate", "switch"):
        assert set(results["account_size"][action]) == {"small", "large", "ratio_large_to_small"}
    assert results["memory"]["bankchat"]["kb_per_client"] is not None
    assert results["memory"]["floor"]["kb_per_client"] is not None
    assert results["page_load"]["median_ms"]["interactive"] > 0
    assert "skipped" in results["scaleout"]
    assert "skipped" in results["chainlit"]


def test_run_benchmarks_tiny_checks_goals_and_draws_plots(results: dict[str, Any]) -> None:
    goals = results["goals"]
    assert goals
    assert all(set(g) == {"goal", "target", "value", "met"} for g in goals)
    assert {Path(p).name for p in results["plots"]} == {"latency_vs_concurrency.png", "latency_vs_history.png"}
    assert all(Path(p).stat().st_size > 0 for p in results["plots"])
    assert results["server_errors"] == {"bankchat": [], "floor": []}
