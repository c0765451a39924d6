"""What one reply costs on the websocket, counted in bytes (not timed): a reply must not re-send the
window of messages or the sidebar, so its delta stays small whatever the history."""

from __future__ import annotations

import asyncio

import pytest

from tests.api.ws import CHAT, RecordingClient, send, web_cookie
from tests.support.live_server import LiveServer
from tests.support.markers import unique_text

pytestmark = pytest.mark.live

REPLY_BYTES_BUDGET = 6_000
"""Every frame from sending a short message to the reply on screen (the live app's streaming LLM
path): ``fresh`` re-sent whole (Reflex sends a changed var whole), ``typing``, ``draft`` and
``streaming``. Measured 2026-12-06: 1.4, 2.2, 3.3 and 4.3 KB for the 1st to 4th reply (``fresh``
grows by two rows, ~1 KB, per exchange until it is folded at 12 rows). The window (20 rows) or
the sidebar re-sent would add 5-10 KB and break it."""
WHOLE_LISTS = ("messages_rx_state_", "sessions_rx_state_")


async def _replies(base_url: str) -> list[tuple[int, str]]:
    async with await RecordingClient.open(base_url, pathname="/chat", cookie=web_cookie(base_url, "alice")) as tab:
        answers = [await send(tab, unique_text("hi there", 6)) for _ in range(4)]
        assert tab.state_name(CHAT)
    return [(a.bytes, a.last) for a in answers]


def test_reply_delta_stays_within_bytes_budget_and_skips_whole_lists(live_app: LiveServer) -> None:
    replies = asyncio.run(_replies(live_app.base_url))
    for size, _ in replies[1:]:  # the first may move the conversation up the sidebar (re-sent once)
        assert size <= REPLY_BYTES_BUDGET, [s for s, _ in replies]
    for _, last in replies[1:]:
        assert not any(name in last for name in WHOLE_LISTS), last[:500]
