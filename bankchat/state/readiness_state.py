"""ReadinessState: the chat page's "getting ready" banner while the server prepares.

Checked once when the page loads, never per message: when the server is already
prepared (the normal case, ``scripts/run.sh`` prepares before it serves) that is one
flag read. Otherwise a background event waits for readiness and clears the banner.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from bankchat import readiness

WAIT_STEP_SECONDS = 1.0
"""How long one wait for readiness blocks a worker thread before the stage shown is refreshed."""


class ReadinessState(rx.State):
    """Whether this server is still preparing, and what it is doing."""

    preparing: bool = False
    stage: str = ""

    @rx.event
    def check(self) -> rx.event.EventHandler | None:
        """On page load: show the banner and start waiting if the server is still preparing."""
        stage = readiness.stage()
        self.preparing, self.stage = stage is not None, stage or ""
        return ReadinessState.wait_until_ready if self.preparing else None

    @rx.event(background=True)
    async def wait_until_ready(self) -> None:
        """Follow the stages until the server is ready, then lift the banner."""
        while not await asyncio.to_thread(readiness.wait, WAIT_STEP_SECONDS):
            async with self:
                self.stage = readiness.stage() or ""
        async with self:
            self.preparing, self.stage = False, ""
