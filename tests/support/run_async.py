"""``run_async``: ``asyncio.run`` that also works where an event loop already runs in this thread.

Playwright's sync API (the browser tests) leaves its loop running in the main thread for the
rest of the pytest process, and ``asyncio.run`` refuses to start inside it. The coroutine runs
in a thread of its own instead, with a copy of this thread's context variables.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to completion on a new event loop and return its result."""
    context = contextvars.copy_context()
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(context.run, asyncio.run, coroutine).result()
