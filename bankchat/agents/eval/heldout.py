"""BankChat's own held-out messages (``data/heldout.tsv``): written for evaluation, never trained on."""

from __future__ import annotations

import csv
from pathlib import Path

HELDOUT_FILE = Path(__file__).parent / "data" / "heldout.tsv"


def load_heldout(path: Path = HELDOUT_FILE) -> list[tuple[str, str]]:
    """``(text, expected label)`` pairs from a ``text<TAB>label`` file (``#`` lines are comments)."""
    pairs = []
    with open(path, newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
            if not row or row[0].startswith("#"):
                continue
            if len(row) != 2 or not row[0].strip() or not row[1].strip():
                raise ValueError(f"{path.name} line {number}: expected text<TAB>label")
            pairs.append((row[0].strip(), row[1].strip()))
    return pairs


def normalised(text: str) -> str:
    """Lower case, single spaces: how two lines are compared for being the same message."""
    return " ".join(text.lower().split())
