"""Bodies of the feedback and monitoring routes (camelCase JSON, like ``schemas``)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from bankchat.api.schemas import ApiModel


class FeedbackIn(ApiModel):
    """A rating of a bot reply; null takes it back."""

    rating: Literal["up", "down"] | None = Field(examples=["up"])


class FeedbackOut(ApiModel):
    """The rating now stored for the reply."""

    message_id: str
    rating: Literal["up", "down"] | None


class PointOut(ApiModel):
    """One bucket of the time series (errors keep no time, so they are only in the totals)."""

    start: datetime
    messages: int
    sessions: int
    replies: int
    p50_latency_ms: int | None


class TotalsOut(ApiModel):
    """The key figures, as of now."""

    sessions_created: int
    sessions_active: int
    messages: int = Field(description="Customer messages, all conversations")
    messages_all: int = Field(
        description="Every message (customer, bot and staff), all conversations: the sum of the per-conversation counts"
    )
    replies: int
    replies_by_agent: dict[str, int]
    transfers_executed: int
    logins_failed: int
    errors: int
    errors_by_code: dict[str, int]
    handoffs_queued: int


class AgentFeedbackOut(ApiModel):
    """Thumbs up and down on one agent's replies."""

    agent: str
    up: int
    down: int


class StatsOut(ApiModel):
    """What the console's monitoring panel shows."""

    generated_at: datetime
    bucket_minutes: int
    totals: TotalsOut
    series: list[PointOut]
    feedback: list[AgentFeedbackOut]
