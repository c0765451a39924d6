"""What one benchmark run measures, and how much: the full configuration and ``--tiny``."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Config:
    """Sizes and durations of every measurement."""

    name: str
    rounds: int
    """Side-by-side rounds; every figure is the median over rounds, every ratio is paired within a round."""
    warmup_s: float
    window_s: float
    """Closed-loop load: answers are counted only inside this window (after the warm-up)."""
    concurrency: tuple[int, ...]
    history: tuple[int, ...]
    """Stored messages in the conversation on screen (the first level is the baseline)."""
    history_sends: int
    """Messages sent per history level and round (interleaved between the levels)."""
    account_sessions: int
    account_messages: int
    """The large account: that many conversations, that many messages in the one on screen."""
    account_repeats: int
    """Samples of sign-in, page load and session switch per account size and round."""
    memory_clients: int
    page_loads: int
    scaleout: bool
    """Also run BankChat on PostgreSQL + Redis with 1, 2 and 4 workers (when both servers answer)."""
    chainlit: bool
    """Also run a Chainlit echo app (installed into its own virtualenv when missing)."""

    def as_dict(self) -> dict[str, Any]:
        """For the JSON file."""
        return asdict(self)


FULL = Config(
    name="full",
    rounds=3,
    warmup_s=1.0,
    window_s=4.0,
    concurrency=(1, 50),
    history=(10, 1_000, 10_000),
    history_sends=30,
    account_sessions=200,
    account_messages=10_000,
    account_repeats=10,
    memory_clients=200,
    page_loads=7,
    scaleout=True,
    chainlit=True,
)

TINY = Config(
    name="tiny",
    rounds=1,
    warmup_s=0.2,
    window_s=0.8,
    concurrency=(1, 3),
    history=(10, 200),
    history_sends=3,
    account_sessions=5,
    account_messages=200,
    account_repeats=2,
    memory_clients=3,
    page_loads=1,
    scaleout=False,
    chainlit=False,
)
