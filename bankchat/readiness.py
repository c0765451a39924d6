"""Whether this process can answer a message yet, and if not, what it is doing.

The server prepares itself once at start (``bankchat.prepare``): it migrates the
database, then loads the intent classifier (or trains it, minutes, when there is no
cached model). ``/api/health`` and the chat page's "getting ready" banner read the
stage from here; nothing else waits on it.
"""

from __future__ import annotations

import threading

MIGRATING = "migrating the database"
TRAINING = "training the intent classifier"
LOADING = "loading the intent classifier"
STARTING = "starting"
"""The stage before preparation begins (the server is importing its code)."""

_ready = threading.Event()
_stage = STARTING


def enter(stage: str) -> None:
    """Record that preparation has moved on to ``stage``."""
    global _stage
    _stage = stage


def mark_ready() -> None:
    """Preparation is over: messages are answered at once."""
    _ready.set()


def is_ready() -> bool:
    """Whether preparation is over."""
    return _ready.is_set()


def stage() -> str | None:
    """What the server is doing while it prepares; None once it is ready."""
    return None if _ready.is_set() else _stage


def wait(timeout: float) -> bool:
    """Block up to ``timeout`` seconds for readiness; returns whether it is ready."""
    return _ready.wait(timeout)


def reset() -> None:
    """Back to "starting" (tests only: a process prepares once)."""
    global _stage
    _ready.clear()
    _stage = STARTING
