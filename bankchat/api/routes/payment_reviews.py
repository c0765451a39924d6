"""The caller's own payments held for a check by staff (four eyes): waiting, sent, or not sent and why."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from bankchat.api.deps import CurrentUser, DbSession
from bankchat.api.errors import documented
from bankchat.api.schemas_reviews import ReviewOut
from bankchat.services import payment_reviews

router = APIRouter(prefix="/payment-reviews", tags=["payments"])

ReferencePath = Annotated[str, Path(max_length=32, description="The held payment's reference, `PR-XXXX-XXXX`")]


@router.get("", summary="The caller's held payments", responses=documented(401))
def list_held_payments(db: DbSession, user: CurrentUser) -> list[ReviewOut]:
    """Payments over the four-eyes threshold the caller confirmed, newest first: `pending` while they wait for a
    check by staff, then `approved` (with the transfer's reference) or `rejected` (with the reason)."""
    return [ReviewOut.model_validate(v) for v in payment_reviews.own_held_payments(db, customer=user)]


@router.get("/{reference}", summary="One of the caller's held payments", responses=documented(401, 404, 422))
def get_held_payment(db: DbSession, user: CurrentUser, reference: ReferencePath) -> ReviewOut:
    """Another customer's held payment answers 404, exactly like a missing one."""
    return ReviewOut.model_validate(payment_reviews.own_held_payment(db, customer=user, reference=reference))
