"""Blocking service calls the console state runs in a worker thread (``asyncio.to_thread``).

Each passes the signed-in user on; the services refuse anyone but a manager (``NotAManager``).
"""

from __future__ import annotations

from dataclasses import dataclass

from bankchat.db import session_scope
from bankchat.services import UserView, audit, console, handoffs, sync_health
from bankchat.services.audit import AuditView
from bankchat.services.console import ActiveSession, StaffTranscript
from bankchat.services.handoffs import HandoffView
from bankchat.services.sync_health import SyncReport
from bankchat.services.views import MessageView

AUDIT_ON_SCREEN = 15


@dataclass(frozen=True)
class Overview:
    """Everything the console refreshes every few seconds."""

    sessions: list[ActiveSession]
    queue: list[HandoffView]
    audit: list[AuditView]


def overview(manager: UserView) -> Overview:
    with session_scope() as db:
        return Overview(
            sessions=console.active_sessions(db, manager=manager, limit=50),
            queue=handoffs.queue(db, manager=manager),
            audit=audit.recent(db, manager=manager, limit=AUDIT_ON_SCREEN),
        )


def transcript(manager: UserView, session_id: str, after_id: int, audited: bool) -> StaffTranscript:
    with session_scope() as db:
        return console.transcript(db, manager=manager, session_id=session_id, after_id=after_id, audited=audited)


def claim(manager: UserView, session_id: str) -> MessageView:
    with session_scope() as db:
        return handoffs.claim(db, manager=manager, session_id=session_id)


def reply(manager: UserView, session_id: str, text: str) -> MessageView:
    with session_scope() as db:
        return handoffs.reply(db, manager=manager, session_id=session_id, content=text)


def hand_back(manager: UserView, session_id: str) -> MessageView:
    with session_scope() as db:
        return handoffs.hand_back(db, manager=manager, session_id=session_id)


def sync_check(manager: UserView) -> SyncReport:
    with session_scope() as db:
        return sync_health.check(db, manager=manager)


def audit_csv(manager: UserView) -> str:
    """The audit log as CSV; the export is itself written to the log first."""
    with session_scope() as db:
        return audit.export_csv(db, manager=manager)
