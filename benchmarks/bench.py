"""What every measurement gets: the configuration, the running apps, somewhere to write."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.config import Config
from benchmarks.servers import ReflexServer


@dataclass
class Bench:
    """One run's shared context."""

    config: Config
    workspace: Path
    """A temporary folder: the apps' copies, databases and logs."""
    bankchat: ReflexServer
    """BankChat on SQLite, one worker, front end built (``--single-port``)."""
    floor: ReflexServer
    """The floor app on SQLite, one worker."""
    say: Callable[[str], None]
