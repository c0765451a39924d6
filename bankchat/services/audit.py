"""The audit log read and exported by the manager (written by ``bank/audit_trail.py``, re-exported here)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.bank.audit_trail import ACTIONS, record
from bankchat.models import AuditEntry, User
from bankchat.services.roles import require_manager
from bankchat.services.views import UserView

__all__ = ["ACTIONS", "AuditView", "as_csv", "export_csv", "recent", "record", "spreadsheet_safe"]

CSV_COLUMNS = ("id", "time_utc", "actor", "action", "session_id", "customer", "detail")


@dataclass(frozen=True)
class AuditView:
    """One audit entry with the names of the people in it."""

    id: int
    created_at: datetime
    actor: str
    action: str
    session_id: str | None
    customer: str | None
    detail: str


def recent(db: Db, *, manager: UserView, limit: int = 100, before: int | None = None) -> list[AuditView]:
    """The newest entries first; ``before`` is an entry ID cursor (managers only)."""
    require_manager(manager)
    query = select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(limit)
    if before is not None:
        query = query.where(col(AuditEntry.id) < before)
    rows = list(db.exec(query).all())
    ids = {r.actor_id for r in rows} | {r.subject_user_id for r in rows if r.subject_user_id is not None}
    names = {u.id: u.username for u in db.exec(select(User).where(col(User.id).in_(ids))).all()} if ids else {}
    return [
        AuditView(
            id=r.id or 0,
            created_at=r.created_at,
            actor=names.get(r.actor_id, f"user {r.actor_id}"),
            action=r.action,
            session_id=r.session_id,
            customer=names.get(r.subject_user_id) if r.subject_user_id is not None else None,
            detail=r.detail,
        )
        for r in rows
    ]


EXPORT_LIMIT = 10_000


def export_csv(db: Db, *, manager: UserView) -> str:
    """The latest ``EXPORT_LIMIT`` entries as CSV; the export itself is written to the log first (managers only)."""
    require_manager(manager)
    record(db, actor_id=manager.id, action="export_audit")
    db.flush()
    return as_csv(recent(db, manager=manager, limit=EXPORT_LIMIT))


def as_csv(entries: list[AuditView]) -> str:
    """The entries as CSV (a header row, then one row each; times in UTC, ISO 8601)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow(
            [
                e.id,
                e.created_at.isoformat(),
                e.actor,
                e.action,
                e.session_id or "",
                e.customer or "",
                spreadsheet_safe(e.detail),
            ]
        )
    return out.getvalue()


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
