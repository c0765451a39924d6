"""The audit log's one writer: what a customer or a member of staff did, in the transaction that did it.

The bank's own modules write here (a payee added, a payment approved), and so do the services
(a transcript viewed, a hand-off claimed: ``services/audit.py``, which also reads and exports the
log). An action name outside ``ACTIONS`` is refused, so the log's vocabulary is declared once.
"""

from __future__ import annotations

from sqlmodel import Session as Db

from bankchat.models import AuditEntry

ACTIONS = frozenset(
    {
        # staff, in the manager console
        "view_transcript",
        "claim",
        "staff_reply",
        "hand_back",
        "export_audit",
        "sync_check",
        # customers: their payees
        "payee_add",
        "payee_rename",
        "payee_remove",
        # disputes: opened by the customer, decided by staff
        "dispute_open",
        "dispute_refund",
        "dispute_reject",
        "dispute_reopen",
        # customers: standing orders, and the bank paying or skipping them on their behalf
        "standing_order_created",
        "standing_order_amended",
        "standing_order_cancelled",
        "standing_order_paid",
        "standing_order_skipped",
        # customers: statements downloaded
        "download_statement",
        # four eyes: a payment held for staff, and their decision
        "payment_held",
        "payment_approve",
        "payment_reject",
        # customers: strong customer authentication
        "enrol_totp",
        "register_passkey",
        "remove_authenticator",
        "approve",
        "approval_refused",
    }
)
"""Every action the log knows."""


def record(
    db: Db,
    *,
    actor_id: int,
    action: str,
    session_id: str | None = None,
    subject_user_id: int | None = None,
    detail: str = "",
) -> None:
    """Write one entry in the caller's transaction (so it lands with what it records, or not at all)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    db.add(
        AuditEntry(
            actor_id=actor_id,
            action=action,
            session_id=session_id,
            subject_user_id=subject_user_id,
            detail=detail[:500],
        )
    )
