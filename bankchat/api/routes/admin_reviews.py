"""Four eyes over REST: the payments held for a member of staff, approve one (it is sent, once) or reject one.

Manager role only, declared once on the router (a customer gets 403, no token 401) and checked
again by ``services.payment_reviews``; a manager's own payment is 403 `own_payment`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import Field

from bankchat.api.deps import CurrentUser, DbSession, require_manager
from bankchat.api.errors import documented
from bankchat.api.fields import Text
from bankchat.api.schemas import ApiModel
from bankchat.api.schemas_reviews import ReviewOut
from bankchat.services import payment_reviews

router = APIRouter(prefix="/admin/payment-reviews", tags=["admin"], dependencies=[Depends(require_manager)])

ReferencePath = Annotated[str, Path(max_length=32, description="The held payment's reference, `PR-XXXX-XXXX`")]
AUTH = (401, 403)


class RejectIn(ApiModel):
    """Why the payment is not sent: the customer is told."""

    note: Text = Field(min_length=1, max_length=500)


@router.get("", summary="Payments waiting for a member of staff", responses=documented(*AUTH))
def held_payments(db: DbSession, user: CurrentUser) -> list[ReviewOut]:
    """Oldest first."""
    return [ReviewOut.model_validate(v) for v in payment_reviews.held_payments(db, manager=user)]


@router.post(
    "/{reference}/approve", summary="Approve and send a held payment", responses=documented(*AUTH, 404, 409, 422)
)
def approve(db: DbSession, user: CurrentUser, reference: ReferencePath) -> ReviewOut:
    """Sent once (its own idempotency key); rejected with the reason if the money is no longer there; 409
    `already_decided`; 403 `own_payment` for the manager's own payment."""
    return ReviewOut.model_validate(payment_reviews.approve(db, manager=user, reference=reference))


@router.post(
    "/{reference}/reject", summary="Reject a held payment with a note", responses=documented(400, *AUTH, 404, 409, 422)
)
def reject(db: DbSession, user: CurrentUser, reference: ReferencePath, body: RejectIn) -> ReviewOut:
    return ReviewOut.model_validate(payment_reviews.reject(db, manager=user, reference=reference, note=body.note))
