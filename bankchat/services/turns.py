"""Where chat turns run: a few threads of their own, sized for the database, not the event loop's pool.

An embedded turn is a few milliseconds of Python and SQL. Run on asyncio's default pool (six
threads here) or the API's (forty), fifty users' turns ran six at a time: they took turns for the
GIL and, on SQLite, for its one writer, and each message cost half as much CPU again as one
user's (7.1 against 4.6 ms in the benchmark). One thread on SQLite, which writes one transaction
at a time anyway, runs them back to back (5.5 ms, and more messages a second at lower latency);
PostgreSQL waits on the network, so a few threads overlap those waits.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from bankchat.settings import get_settings

P = ParamSpec("P")
T = TypeVar("T")

SQLITE_THREADS = 1
OTHER_THREADS = 4


def thread_count() -> int:
    """The configured ``turn_threads``, or the default for the database."""
    settings = get_settings()
    if settings.turn_threads:
        return settings.turn_threads
    return SQLITE_THREADS if settings.database_url.startswith("sqlite") else OTHER_THREADS


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=thread_count(), thread_name_prefix="bankchat-turn")


async def run_turn(call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``call(*args, **kwargs)`` on the turns' threads, awaited."""
    return await asyncio.get_running_loop().run_in_executor(_pool(), functools.partial(call, *args, **kwargs))
