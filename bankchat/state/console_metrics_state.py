"""ConsoleMetricsState: the console's key figures, charts over time and feedback per agent (managers only)."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import reflex as rx

from bankchat.db import session_scope
from bankchat.errors import NotAManager
from bankchat.models import utcnow
from bankchat.services import UserView, feedback, metrics
from bankchat.state.auth_state import AuthState
from bankchat.state.console_rows import AgentFeedbackRow, StatCard, feedback_rows, stat_cards

WINDOW_MINUTES = 120
BUCKET_MINUTES = 5


@dataclasses.dataclass(frozen=True)
class _Snapshot:
    totals: metrics.Totals
    series: list[metrics.Point]
    feedback: list[feedback.AgentFeedback]


def _snapshot(manager: UserView) -> _Snapshot:
    """The figures, read by the services as ``manager`` (``NotAManager`` for anyone else)."""
    with session_scope() as db:
        return _Snapshot(
            totals=metrics.totals(db, manager=manager),
            series=metrics.timeseries(db, manager=manager, minutes=WINDOW_MINUTES, bucket_minutes=BUCKET_MINUTES),
            feedback=feedback.counts_per_agent(db=db, manager=manager),
        )


def _points(series: list[metrics.Point]) -> list[dict[str, Any]]:
    return [
        {
            "time": p.start.strftime("%H:%M"),
            "messages": p.messages,
            "sessions": p.sessions,
            "replies": p.replies,
            "p50_ms": p.p50_latency_ms,
        }
        for p in series
    ]


class ConsoleMetricsState(rx.State):
    """Loaded on the console's mount and on "Refresh"; nothing is loaded for anyone but a manager."""

    cards: list[StatCard] = []
    series: list[dict[str, Any]] = []
    """One point per bucket: ``time`` (HH:MM UTC), ``messages`` (customer), ``sessions``, ``replies``, ``p50_ms``."""
    agent_feedback: list[AgentFeedbackRow] = []
    updated_at: str = ""
    error: str = ""

    def _clear(self, error: str) -> None:
        self.cards, self.series, self.agent_feedback = [], [], []
        self.updated_at, self.error = "", error

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
        """Read the figures from the database (the services check the caller's manager role first)."""
        auth = await self.get_state(AuthState)
        user = await auth._current_user()
        if user is None:
            self._clear("Please sign in.")
            return rx.redirect("/login")
        try:
            snapshot = await asyncio.to_thread(_snapshot, user)
        except NotAManager:
            self._clear("Only managers can see the monitoring figures.")
            return None
        self.cards = stat_cards(snapshot.totals)
        self.series = _points(snapshot.series)
        self.agent_feedback = feedback_rows(snapshot.feedback)
        self.updated_at = utcnow().strftime("%H:%M:%S UTC")
        self.error = ""
        return None

    @rx.event
    async def refresh(self) -> rx.event.EventSpec | None:
        """Load the figures again (the "Refresh" button)."""
        return await self.load()

    @rx.event
    async def tick(self, _now: str = "") -> rx.event.EventSpec | None:
        """The console's slow timer: load the figures again."""
        return await self.load()
