"""Bodies of the manager's routes under ``/api/admin``."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from bankchat.api.fields import Text
from bankchat.api.schemas import ApiModel, MessageOut


class ActiveSessionOut(ApiModel):
    """A live conversation."""

    session_id: str
    customer: str
    customer_name: str
    title: str
    started_at: datetime
    last_activity_at: datetime
    message_count: int
    agent_mix: dict[str, int] = Field(description="Bot replies by agent")
    handoff: str = Field(description="`queued`, `claimed` or empty")


class HandoffOut(ApiModel):
    """A conversation waiting for, or held by, a person."""

    id: int
    session_id: str
    status: str
    customer: str
    customer_name: str
    summary: str
    created_at: datetime
    claimed_by: str | None


class TranscriptOut(ApiModel):
    """A customer's conversation (this look is written to the audit log)."""

    session_id: str
    customer: str
    customer_name: str
    title: str
    status: str
    started_at: datetime
    handoff: str
    messages: list[MessageOut]


class StaffMessageIn(ApiModel):
    """What the manager writes to the customer, as BankChat staff."""

    content: Text = Field(examples=["Hello, I can help with that."])


class AuditOut(ApiModel):
    """One audit log entry."""

    id: int
    created_at: datetime
    actor: str
    action: str
    session_id: str | None
    customer: str | None
    detail: str


class MismatchOut(ApiModel):
    """A conversation the two services disagree about."""

    session_id: str | None
    problem: str
    detail: str


class SyncHealthOut(ApiModel):
    """Whether every chat session has SessionManager's session with the same ID and owner, and back."""

    status: str = Field(description="`ok` or `mismatch`")
    checked_at: datetime
    sessions: int
    chat_sessions: int
    mismatch_count: int
    mismatches: list[MismatchOut]
