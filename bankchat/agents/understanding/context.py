"""What the understanding stage knows of a message besides its words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session as Db

from bankchat.agents.router import Route
from bankchat.agents.types import PendingStep, Subject


@dataclass(frozen=True)
class Context:
    """What the stage knows besides the words: the customer's data, the waiting step, the last answer."""

    db: Db | None
    """The customer's data (None: a message on its own, as the evaluation asks; no entity is looked up)."""
    owner: int
    today: date
    """The customer's today, for dates in words."""
    pending: PendingStep | None = None
    last: Subject | None = None
    classify: Callable[[str], Route] | None = None
    """The classifier (tests pin one); None: the embedded router."""
