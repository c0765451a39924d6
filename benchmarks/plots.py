"""PNG plots of a run: latency vs concurrency, latency vs history length (matplotlib, no screen needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def draw(results: dict[str, Any], out_dir: Path) -> list[Path]:
    """The plots whose figures were measured; none (and no error) when matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    drawn: list[Path] = []
    series = _concurrency_series(results)
    if series:
        fig, (ax, rate) = plt.subplots(1, 2, figsize=(10, 4))
        ticks: set[int] = set()
        for index, (label, style, cells) in enumerate(series):
            clients = [c["clients"] for c in cells]
            ticks.update(clients)
            color = f"C{index}"  # one colour per system; p99 paler
            for key, alpha in (("p50_ms", 1.0), ("p99_ms", 0.4)):
                values = [c["figures"][key] for c in cells]
                ax.plot(clients, values, style, color=color, alpha=alpha, label=f"{label} {key[:3]}")
            rate.plot(clients, [c["figures"]["msgs_per_s"] for c in cells], style, color=color, label=label)
        ax.set(xlabel="concurrent users", ylabel="round trip (ms)", yscale="log", title="Chat round trip vs users")
        rate.set(xlabel="concurrent users", ylabel="messages/s", yscale="log", title="Chat throughput vs users")
        for axis in (ax, rate):
            axis.set_xticks(sorted(ticks))
            axis.grid(True, alpha=0.3)
            axis.legend(fontsize="small")
        drawn.append(_save(fig, out_dir / "latency_vs_concurrency.png"))
    if "levels" in results.get("history", {}):
        levels = results["history"]["levels"]
        messages = [row["messages"] for row in levels]
        fig, ax = plt.subplots(figsize=(6, 4))
        ax.plot(messages, [row["p50_ms"] for row in levels], "-o", label="p50 round trip")
        ax.plot(messages, [row["p99_ms"] for row in levels], "-o", alpha=0.5, label="p99 round trip")
        ax.set(xlabel="stored messages in the conversation", ylabel="ms", xscale="log", title="BankChat vs history")
        ax.set_ylim(bottom=0)
        twin = ax.twinx()
        twin.plot(messages, [row["bytes_per_reply"] / 1000 for row in levels], ":^", color="gray", label="KB per reply")
        twin.set_ylabel("KB per reply")
        twin.set_ylim(bottom=0)
        ax.grid(True, alpha=0.3)
        handles = ax.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
        ax.legend(handles=handles, loc="upper left")
        drawn.append(_save(fig, out_dir / "latency_vs_history.png"))
    return drawn


def _concurrency_series(results: dict[str, Any]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(label, line style, [{clients, figures}]) of every system measured at several concurrencies."""
    series = []
    chat = results.get("chat_load", {}).get("cells", [])
    for system, style in (("bankchat", "-o"), ("floor", "--s")):
        if chat:
            series.append((system, style, [{"clients": c["clients"], "figures": c[system]} for c in chat]))
    if peer := results.get("chainlit", {}).get("cells", []):
        label = f"chainlit {results['chainlit'].get('version', '')}".strip()
        series.append((label, ":^", [{"clients": c["clients"], "figures": c["chainlit"]} for c in peer]))
    return series


def _save(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return path
