"""A payment held for a check by staff (four eyes), as staff and its own customer see it over REST."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from bankchat.api.schemas import ApiModel
from bankchat.bank.payment_reviews import ReviewView


class ReviewOut(ApiModel):
    """A held payment: what it is and what was decided."""

    reference: str
    summary: str
    amount_cents: int
    currency: str
    status: str = Field(
        description="`pending` (waiting for a check by staff, nothing sent yet), `approved` (sent) or `rejected` "
        "(not sent)"
    )
    note: str = Field(description="Why it was rejected (the customer is told)")
    transfer_reference: str = Field(description="The transfer's `TR-` reference once sent")
    created_at: datetime
    decided_at: datetime | None

    @classmethod
    def of(cls, view: ReviewView) -> ReviewOut:
        return cls(
            reference=view.reference,
            summary=view.summary,
            amount_cents=view.amount_cents,
            currency=view.currency,
            status=view.status,
            note=view.note,
            transfer_reference=view.transfer_reference,
            created_at=view.created_at,
            decided_at=view.decided_at,
        )
