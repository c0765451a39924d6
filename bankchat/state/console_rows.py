"""What the manager console shows: small, flat rows built from the services' views."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from bankchat.services.audit import AuditView
from bankchat.services.console import ActiveSession
from bankchat.services.handoffs import HandoffView
from bankchat.services.sync_health import SyncReport
from bankchat.services.views import MessageView

SPEAKERS = {"user": "Customer", "assistant": "BankChat assistant", "staff": "BankChat staff"}


@dataclasses.dataclass
class SessionRow:
    """A live conversation (addressed by position: the browser never holds session IDs)."""

    ref: int = 0
    customer: str = ""
    title: str = ""
    started: str = ""
    last_activity: str = ""
    messages: int = 0
    agents: str = ""
    handoff: str = ""
    selected: bool = False


@dataclasses.dataclass
class QueueRow:
    """A conversation waiting for, or held by, a person."""

    ref: int = 0
    customer: str = ""
    summary: str = ""
    status: str = ""
    claimed_by: str = ""
    waiting: str = ""
    selected: bool = False


@dataclasses.dataclass
class TranscriptRow:
    """One message of the transcript on screen."""

    key: str = ""
    role: str = ""
    speaker: str = ""
    content: str = ""
    time: str = ""


@dataclasses.dataclass
class AuditRow:
    """One audit entry."""

    key: str = ""
    time: str = ""
    actor: str = ""
    action: str = ""
    customer: str = ""
    session: str = ""
    detail: str = ""


@dataclasses.dataclass
class MismatchRow:
    """A conversation SessionManager and ChatService disagree about."""

    session: str = ""
    problem: str = ""
    detail: str = ""


def _clock(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%d %b %H:%M")


def _since(when: datetime, now: datetime) -> str:
    seconds = max(0, int((now - when).total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


def short_id(session_id: str | None) -> str:
    """Enough of a session ID to tell conversations apart on screen."""
    return (session_id[:14] + "…") if session_id and len(session_id) > 15 else (session_id or "")


def session_row(ref: int, s: ActiveSession, selected_id: str) -> SessionRow:
    agents = ", ".join(f"{agent} {n}" for agent, n in s.agent_mix.items())
    return SessionRow(
        ref=ref,
        customer=s.customer,
        title=s.title,
        started=_clock(s.started_at),
        last_activity=_since(s.last_activity_at, datetime.now(UTC)) + " ago",
        messages=s.message_count,
        agents=agents or "-",
        handoff=s.handoff,
        selected=s.session_id == selected_id,
    )


def queue_row(ref: int, h: HandoffView, selected_id: str) -> QueueRow:
    return QueueRow(
        ref=ref,
        customer=f"{h.customer_name} ({h.customer})",
        summary=h.summary,
        status=h.status,
        claimed_by=h.claimed_by or "",
        waiting=_since(h.created_at, datetime.now(UTC)),
        selected=h.session_id == selected_id,
    )


def transcript_row(m: MessageView, customer: str) -> TranscriptRow:
    speaker = SPEAKERS.get(m.role, m.role)
    if m.role == "user":
        speaker = customer
    elif m.role == "assistant" and m.agent:
        speaker = f"{speaker} · {m.agent}"
    return TranscriptRow(
        key=f"m{m.public_id}", role=m.role, speaker=speaker, content=m.content, time=_clock(m.created_at)
    )


def audit_row(e: AuditView) -> AuditRow:
    return AuditRow(
        key=f"a{e.id}",
        time=_clock(e.created_at),
        actor=e.actor,
        action=e.action.replace("_", " "),
        customer=e.customer or "",
        session=short_id(e.session_id),
        detail=e.detail,
    )


def mismatch_rows(report: SyncReport) -> list[MismatchRow]:
    return [
        MismatchRow(session=m.session_id or "(none)", problem=m.problem.replace("_", " "), detail=m.detail)
        for m in report.mismatches
    ]
