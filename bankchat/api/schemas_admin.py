"""Bodies of the manager's routes under ``/api/admin``."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from bankchat.api.fields import Text
from bankchat.api.schemas import ApiModel, DisputeOut, MessageOut, fields_of
from bankchat.services.audit import AuditView
from bankchat.services.console import ActiveSession, StaffTranscript
from bankchat.services.disputes import StaffDisputeView
from bankchat.services.handoffs import HandoffView
from bankchat.services.sync_health import Mismatch


class ActiveSessionOut(fields_of(ActiveSession)):  # type: ignore[misc]  # a dynamic base
    """A live conversation."""

    # ActiveSession's fields; these two are redeclared to document them.

    agent_mix: dict[str, int] = Field(description="Bot replies by agent")
    handoff: str = Field(description="`queued`, `claimed` or empty")


class HandoffOut(fields_of(HandoffView)):  # type: ignore[misc]  # a dynamic base
    """A conversation waiting for, or held by, a person."""


class TranscriptOut(fields_of(StaffTranscript, leave_out={"claimed_by_id"})):  # type: ignore[misc]  # a dynamic base
    """A customer's conversation (this look is written to the audit log)."""

    # StaffTranscript's fields but who holds it; the messages are shown as the API shows them.

    messages: list[MessageOut]


class StaffMessageIn(ApiModel):
    """What the manager writes to the customer, as BankChat staff."""

    content: Text = Field(examples=["Hello, I can help with that."])


class AuditOut(fields_of(AuditView)):  # type: ignore[misc]  # a dynamic base
    """One audit log entry."""


class MismatchOut(fields_of(Mismatch)):  # type: ignore[misc]  # a dynamic base
    """A conversation the two services disagree about."""


class SyncHealthOut(ApiModel):
    """Whether every chat session has SessionManager's session with the same ID and owner, and back."""

    status: str = Field(description="`ok` or `mismatch`")
    checked_at: datetime
    sessions: int
    chat_sessions: int
    mismatch_count: int
    mismatches: list[MismatchOut]


class StaffDisputeOut(DisputeOut):
    """A dispute case with its customer, as staff see it."""

    customer: str = Field(description="The customer's username")
    customer_name: str

    @classmethod
    def of(cls, view: StaffDisputeView) -> StaffDisputeOut:
        """The case and whose it is, in one body."""
        return cls.model_validate(
            {
                **DisputeOut.model_validate(view.case).model_dump(),
                "customer": view.customer,
                "customer_name": view.customer_name,
            }
        )


class DisputeDecisionIn(ApiModel):
    """The staff's note on a decision (required to reject)."""

    note: Text = Field(default="", max_length=500, examples=["The merchant confirmed a duplicate charge"])
