"""The "Stop" button's flags: one per reply streaming in this process, read by the turn's worker thread.

A tab's events (its "Stop" and the background delivery it stops) reach the worker that holds
its websocket, so a process-local flag is enough.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from bankchat.errors import ReplyStopped

_FLAGS: dict[str, threading.Event] = {}


def watch(client_id: str, on_token: Callable[[str], None]) -> Callable[[str], None]:
    """``on_token``, raising ``ReplyStopped`` instead once the reply to ``client_id`` is stopped."""
    flag = _FLAGS.setdefault(client_id, threading.Event())

    def checked(piece: str) -> None:
        if flag.is_set():
            raise ReplyStopped
        on_token(piece)

    return checked


def stop(client_id: str) -> None:
    """Stop the reply to ``client_id`` at its next token (nothing happens if it is not streaming)."""
    flag = _FLAGS.get(client_id)
    if flag is not None:
        flag.set()


def stopped(client_id: str) -> bool:
    """Whether the reply to ``client_id`` was stopped."""
    flag = _FLAGS.get(client_id)
    return flag is not None and flag.is_set()


def forget(client_id: str) -> None:
    """Drop the flag once the delivery is over."""
    _FLAGS.pop(client_id, None)
