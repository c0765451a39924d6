"""Training data: BANKING77 (shipped in ``data/``), BankChat's own examples and mapped CLINC150 rows."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bankchat.agents.nlu import clinc

DATA_DIR = Path(__file__).parent / "data"
BANKING77_CSV = DATA_DIR / "banking77_train.csv"
BANKING77_CATEGORIES = DATA_DIR / "banking77_categories.json"
OWN_INTENTS_FILE = DATA_DIR / "own_intents.txt"

BANKING77_LABELS: tuple[str, ...] = tuple(json.loads(BANKING77_CATEGORIES.read_text(encoding="utf-8")))
"""The 77 BANKING77 intents, in the data set's own order."""

OWN_INTENTS: tuple[str, ...] = (
    "check_balance",
    "list_transactions",
    "spending_summary",
    "transfer_money",
    "freeze_card",
    "unfreeze_card",
    "human_handoff",
    "greeting",
    "thanks",
    "goodbye",
    "help",
    "confirm",
    "deny",
    "out_of_scope",
    "list_payees",
    "pay_card_bill",
    "money_in",
    "fees",
    "bot_identity",
    "report_fraud",
)
"""BankChat's transactional and conversational intents, which BANKING77 lacks.

``report_fraud`` is the urgent action ("someone is using my card", "I didn't make
this payment"); BANKING77's ``compromised_card`` and ``card_payment_not_recognised``
ask about the same situation, so all three lead to the fraud flow (``FRAUD_FAMILY``)."""

FRAUD_FAMILY: frozenset[str] = frozenset({"report_fraud", "compromised_card", "card_payment_not_recognised"})
"""Labels that BankChat answers the same way (the fraud flow): one customer sentence
fits any of them (BANKING77 itself has near-duplicates across the two)."""

PART = "~"
"""A training label may name a part of its intent after this mark ("out_of_scope~weather"): the
classifier learns each part as a class of its own and answers with the label before the mark,
its parts' probabilities summed (``model.py``). One linear class cannot hold everything a bank
declines (weather, recipes, flights...); a class per declined topic can."""

_HEADER = re.compile(r"\[(\w+)\]")


@dataclass(frozen=True)
class Dataset:
    """Parallel lists of texts and their intent labels."""

    texts: tuple[str, ...]
    """The example messages."""
    labels: tuple[str, ...]
    """One intent per message."""

    def __add__(self, other: Dataset) -> Dataset:
        return Dataset(self.texts + other.texts, self.labels + other.labels)


def read_csv(path: Path | str) -> Dataset:
    """Read a ``text,category`` CSV file (the BANKING77 layout)."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = [(row["text"], row["category"]) for row in csv.DictReader(handle)]
    return Dataset(tuple(text for text, _ in rows), tuple(label for _, label in rows))


def parse_own_intents(lines: Iterable[str]) -> Dataset:
    """Parse the ``[intent]`` / one-example-per-line format of ``own_intents.txt``."""
    texts: list[str] = []
    labels: list[str] = []
    intent: str | None = None
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        header = _HEADER.fullmatch(line)
        if header:
            intent = header.group(1)
            if intent not in OWN_INTENTS and intent not in BANKING77_LABELS:
                raise ValueError(f"line {number}: unknown intent {intent!r}")
        elif intent is None:
            raise ValueError(f"line {number}: example before any [intent] header")
        else:
            texts.append(line)
            labels.append(intent)
    return Dataset(tuple(texts), tuple(labels))


def load_banking77() -> Dataset:
    """The 10,003 BANKING77 training rows shipped with the package."""
    return read_csv(BANKING77_CSV)


def load_own_intents() -> Dataset:
    """BankChat's own examples (about 40-60 per own intent, and a few for BANKING77 topics' missing words)."""
    with open(OWN_INTENTS_FILE, encoding="utf-8") as handle:
        return parse_own_intents(handle)


def load_clinc() -> Dataset:
    """The CLINC150 train rows shipped in ``data/``, under their BankChat labels (``clinc.py``).

    A declined row's label names its CLINC intent as its part (``out_of_scope~weather``)."""
    rows = clinc.training_pairs()
    labels = (f"{label}{PART}{intent}" if label == clinc.OUT_OF_SCOPE else label for _, label, intent in rows)
    return Dataset(tuple(text for text, _, _ in rows), tuple(labels))


def load_extras() -> Dataset:
    """Everything trained on besides BANKING77: BankChat's own examples and the mapped CLINC150 rows."""
    return load_own_intents() + load_clinc()


def load_all() -> Dataset:
    """Everything the default classifier is trained on."""
    return load_banking77() + load_extras()


def data_fingerprint() -> str:
    """A hash of the training files and of the CLINC150 mapping table, part of the model cache key."""
    digest = hashlib.sha256()
    for path in (BANKING77_CSV, OWN_INTENTS_FILE, clinc.TRAIN_FILE, Path(clinc.__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()
