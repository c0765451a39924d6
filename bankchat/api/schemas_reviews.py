"""A payment held for a check by staff (four eyes), as staff and its own customer see it over REST."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from bankchat.api.schemas import ApiModel


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
