"""The staff side of disputes: the open cases, and refunding or rejecting one (managers only, audited).

The role is checked here, whoever calls (the console's state, the admin routes), so a
non-manager is refused by the service itself (``NotAManager``). Each decision and its audit
entry are written in the caller's one transaction: both land, or neither. A refund is the
case's status change and a credit posting (``bank.disputes.refund``), exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.bank import disputes as bank_disputes
from bankchat.bank.disputes import DisputeView
from bankchat.bank.money import format_cents
from bankchat.models import User
from bankchat.services import audit
from bankchat.services.roles import require_manager
from bankchat.services.views import UserView

__all__ = ["StaffDisputeView", "open_cases", "refund", "reject"]


@dataclass(frozen=True)
class StaffDisputeView:
    """A case as the console lists it: the case, and whose it is."""

    case: DisputeView
    customer: str
    """The customer's username."""
    customer_name: str


def open_cases(db: Db, *, manager: UserView, limit: int = 200) -> list[StaffDisputeView]:
    """Every open case, oldest first (the order they are decided in); managers only."""
    require_manager(manager)
    cases = bank_disputes.open_cases(db=db, limit=limit)
    owners = {c.owner_id for c in cases}
    users = {u.id: u for u in db.exec(select(User).where(col(User.id).in_(owners))).all()} if owners else {}
    return [_staff_view(c, users.get(c.owner_id)) for c in cases]


def refund(db: Db, *, manager: UserView, reference: str, note: str = "") -> StaffDisputeView:
    """Refund an open case (credit the amount to the disputed payment's account); managers only, audited.

    Raises:
        NotAManager: not a manager.
        DisputeNotFound: no such case.
        DisputeRefused: ``already_decided`` (a second click refunds nothing).
    """
    require_manager(manager)
    case = bank_disputes.refund(db=db, reference=reference, staff_id=manager.id, note=note)
    _record(db, manager, bank_disputes.REFUNDED, case, f"refunded {format_cents(case.amount_cents, case.currency)}")
    return _named(db, case)


def reject(db: Db, *, manager: UserView, reference: str, note: str) -> StaffDisputeView:
    """Reject an open case with a note saying why (required); managers only, audited."""
    require_manager(manager)
    case = bank_disputes.reject(db=db, reference=reference, staff_id=manager.id, note=note)
    _record(db, manager, bank_disputes.REJECTED, case, f"rejected: {case.staff_note}")
    return _named(db, case)


def _record(db: Db, manager: UserView, action: str, case: DisputeView, what: str) -> None:
    detail = f"{case.reference} {what}"
    audit.record(db, actor_id=manager.id, action=action, subject_user_id=case.owner_id, detail=detail)
    db.flush()


def _named(db: Db, case: DisputeView) -> StaffDisputeView:
    return _staff_view(case, db.get(User, case.owner_id))


def _staff_view(case: DisputeView, user: User | None) -> StaffDisputeView:
    return StaffDisputeView(
        case=case,
        customer=user.username if user is not None else f"user {case.owner_id}",
        customer_name=user.display_name if user is not None else "",
    )
