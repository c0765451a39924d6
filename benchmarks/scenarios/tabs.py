"""Opening many signed-in tabs at once (a few at a time, as users arrive)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from typing import TypeVar

import httpx

from benchmarks.users import ChatTab, FloorTab, sign_in

T = TypeVar("T")
OPENING = 8
"""Sign-ins and tab openings in flight at once."""


async def gather_limited(items: Sequence[Awaitable[T]], limit: int = OPENING) -> list[T]:
    """``asyncio.gather`` with at most ``limit`` awaitables running at once."""
    gate = asyncio.Semaphore(limit)

    async def one(item: Awaitable[T]) -> T:
        async with gate:
            return await item

    return list(await asyncio.gather(*(one(i) for i in items)))


async def cookies_for(base_url: str, usernames: Sequence[str]) -> list[str]:
    """Each user's sign-in cookie."""
    async with httpx.AsyncClient(base_url=base_url, timeout=60) as http:
        signed = await gather_limited([sign_in(http, name) for name in usernames])
    return [s.cookie for s in signed]


async def open_chat_tabs(base_url: str, cookies: Sequence[str]) -> list[ChatTab]:
    """One ``/chat`` tab per cookie (the same cookie twice: two tabs of one user)."""
    return await gather_limited([ChatTab.open(base_url, c) for c in cookies])


async def open_floor_tabs(base_url: str, count: int) -> list[FloorTab]:
    """``count`` tabs of the floor app."""
    return await gather_limited([FloorTab.open(base_url) for _ in range(count)])


async def close_all(tabs: Sequence[ChatTab | FloorTab]) -> None:
    """Close every tab."""
    await asyncio.gather(*(t.close() for t in tabs), return_exceptions=True)


def alternate(round_: int, pair: tuple[T, T]) -> tuple[T, T]:
    """The pair in one order on even rounds and the other on odd ones (neither always goes first)."""
    return pair if round_ % 2 == 0 else (pair[1], pair[0])
