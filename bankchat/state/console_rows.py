"""What the manager console shows: small, flat rows built from the services' views."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from bankchat.bank.disputes import REASON_LABELS
from bankchat.bank.money import format_cents
from bankchat.services import feedback, metrics
from bankchat.services.audit import AuditView
from bankchat.services.console import ActiveSession
from bankchat.services.disputes import StaffDisputeView
from bankchat.services.handoffs import HandoffView
from bankchat.services.payment_reviews import ReviewView
from bankchat.services.sync_health import SyncReport
from bankchat.services.views import MessageView
from bankchat.state.positions import ListedRow

SPEAKERS = {"user": "Customer", "assistant": "BankChat assistant", "staff": "BankChat staff"}


@dataclasses.dataclass
class SessionRow(ListedRow):
    """A live conversation (the browser never holds session IDs)."""

    customer: str = ""
    title: str = ""
    started: str = ""
    last_activity: str = ""
    messages: int = 0
    agents: str = ""
    handoff: str = ""
    selected: bool = False


@dataclasses.dataclass
class QueueRow(ListedRow):
    """A conversation waiting for, or held by, a person."""

    customer: str = ""
    summary: str = ""
    status: str = ""
    claimed_by: str = ""
    waiting: str = ""
    selected: bool = False


@dataclasses.dataclass
class DecisionRow(ListedRow):
    """An item of a decision queue (``DecisionQueue``): a dispute case or a held payment."""

    reference: str = ""
    """The case's or the payment's reference, shown to the manager (and to the customer)."""


@dataclasses.dataclass
class DisputeRow(DecisionRow):
    """An open dispute case."""

    customer: str = ""
    merchant: str = ""
    amount: str = ""
    paid_on: str = ""
    reason: str = ""
    words: str = ""
    """The customer's own words about the payment (empty when they gave none)."""
    opened: str = ""
    appeal: str = ""
    """A reopened case: the customer's new information, after the note the case was first rejected with."""


@dataclasses.dataclass
class ReviewRow(DecisionRow):
    """A payment held for a colleague's approval (four eyes)."""

    summary: str = ""
    held: str = ""


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


@dataclasses.dataclass
class StatCard:
    """One key figure."""

    label: str = ""
    value: str = ""
    id: str = ""
    counts: str = ""
    """What the figure counts, in a few words under it."""


@dataclasses.dataclass
class AgentFeedbackRow:
    """Thumbs on one agent's replies."""

    agent: str = ""
    up: int = 0
    down: int = 0
    liked: str = ""
    """Share of thumbs up, e.g. ``75%``."""


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


def dispute_row(ref: int, view: StaffDisputeView) -> DisputeRow:
    """The row of one open case."""
    case = view.case
    return DisputeRow(
        ref=ref,
        reference=case.reference,
        customer=f"{view.customer_name} ({view.customer})",
        merchant=case.merchant,
        amount=format_cents(case.amount_cents, case.currency),
        paid_on=f"{case.value_date:%d %b %Y}",
        reason=REASON_LABELS.get(case.reason, case.reason),
        words=case.customer_words,
        appeal=f"Appeal: “{case.appeal_note}” (first rejected: {case.staff_note})" if case.reopened_at else "",
        opened=f"{case.created_at:%d %b %H:%M}",
    )


def review_row(ref: int, view: ReviewView) -> ReviewRow:
    """The row of one held payment."""
    return ReviewRow(ref=ref, reference=view.reference, summary=view.summary, held=f"{view.created_at:%d %b %H:%M}")


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


def stat_cards(t: metrics.Totals) -> list[StatCard]:
    """The console's key figures."""
    figures = [
        ("Sessions", t.sessions_created, "sessions", "all time"),
        ("Active now", t.sessions_active, "active", "used in the last 15 min"),
        # The same count as the conversations' "Msgs" column: every message, whoever wrote it.
        ("Messages", t.messages_all, "messages", "customer, bot and staff, all conversations"),
        ("Customer messages", t.messages, "customer-messages", "all conversations"),
        ("Transfers", t.transfers_executed, "transfers", "executed, all time"),
        ("Failed sign-ins", t.logins_failed, "logins-failed", "all time"),
        ("Errors", t.errors, "errors", "all time"),
        ("Hand-offs waiting", t.handoffs_queued, "handoffs", "now"),
    ]
    return [
        StatCard(label=label, value=f"{n:,}", id=f"metric-{key}", counts=counts) for label, n, key, counts in figures
    ]


def feedback_rows(rows: list[feedback.AgentFeedback]) -> list[AgentFeedbackRow]:
    """Thumbs up and down per agent."""
    return [
        AgentFeedbackRow(agent=f.agent, up=f.up, down=f.down, liked=f"{f.up * 100 // f.total}%" if f.total else "-")
        for f in rows
    ]
