"""The manager's dispute queue: open cases, refund one (a credit posting, exactly once), reject one with a note.

Manager role only, declared once on the router (a customer gets 403, no token 401) and
checked again by ``services.disputes``; every decision is written to the audit log.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path

from bankchat.api.deps import CurrentUser, DbSession, require_manager
from bankchat.api.errors import documented
from bankchat.api.schemas_admin import DisputeDecisionIn, StaffDisputeOut
from bankchat.services import disputes

router = APIRouter(prefix="/admin/disputes", tags=["admin"], dependencies=[Depends(require_manager)])

ReferencePath = Annotated[str, Path(max_length=32, description="The case reference, `DS-XXXX-XXXX`")]
AUTH = (401, 403)


@router.get("", summary="Open dispute cases", responses=documented(*AUTH))
def open_cases(db: DbSession, user: CurrentUser) -> list[StaffDisputeOut]:
    """Every open case, oldest first."""
    return [StaffDisputeOut.of(c) for c in disputes.open_cases(db, manager=user)]


@router.post(
    "/{reference}/refund", summary="Refund a disputed payment (audited)", responses=documented(*AUTH, 404, 409, 422)
)
def refund(
    db: DbSession, user: CurrentUser, reference: ReferencePath, body: DisputeDecisionIn | None = None
) -> StaffDisputeOut:
    """Credits the amount back to the payment's account; a decided case is 409 `already_decided`."""
    note = body.note if body is not None else ""
    return StaffDisputeOut.of(disputes.refund(db, manager=user, reference=reference, note=note))


@router.post(
    "/{reference}/reject", summary="Reject a dispute with a note (audited)", responses=documented(*AUTH, 404, 409, 422)
)
def reject(db: DbSession, user: CurrentUser, reference: ReferencePath, body: DisputeDecisionIn) -> StaffDisputeOut:
    """The note (required: an empty one is 422) is shown to the customer."""
    return StaffDisputeOut.of(disputes.reject(db, manager=user, reference=reference, note=body.note))
