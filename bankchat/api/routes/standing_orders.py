"""The caller's standing orders: list, set up, amend, cancel (the bank checks and audits each)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from pydantic import Field

from bankchat.api.approval_gate import opened, opens_approval, require_approval
from bankchat.api.deps import CurrentUser, DbSession
from bankchat.api.errors import NO_CONTENT, documented
from bankchat.api.fields import MAX_ID, Text
from bankchat.api.schemas import ApiModel, fields_of
from bankchat.api.schemas_security import ApprovalOut
from bankchat.bank import standing_orders as orders
from bankchat.bank.money import MAX_AMOUNT_CENTS
from bankchat.bank.standing_order_approvals import amendment_approval_for, approval_for
from bankchat.bank.standing_orders import RunView, StandingOrderView
from bankchat.models import utcnow

router = APIRouter(prefix="/standing-orders", tags=["standing orders"])

OrderId = Annotated[int, Path(ge=1, le=MAX_ID, description="The standing order's ID")]
Cents = Annotated[int, Field(ge=1, le=MAX_AMOUNT_CENTS, examples=[5000])]
IsoDate = Annotated[str, Field(max_length=32, examples=["2027-01-01"], description="YYYY-MM-DD")]
Reference = Annotated[Text, Field(max_length=64, examples=["Rent"])]


class StandingOrderOut(fields_of(StandingOrderView)):  # type: ignore[misc]  # a dynamic base
    """A standing order; ``schedule`` says it in words ("on the 1st of every month"); ``nextDue`` is None once
    cancelled or past its end date."""


class RunOut(fields_of(RunView)):  # type: ignore[misc]  # a dynamic base
    """One due date: ``paid`` (with the transfer's reference) or ``skipped`` (with the reason and the bank's words)."""


class StandingOrderDetailOut(StandingOrderOut):
    """A standing order and its latest due dates, newest first."""

    runs: list[RunOut]


class StandingOrderIn(ApiModel):
    """A new standing order: to one saved payee (``payeeId``) or one of the caller's accounts (``targetAccountId``)."""

    source_account_id: int = Field(ge=1, le=MAX_ID, description="A checking or savings account of the caller's")
    payee_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    target_account_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    amount_cents: Cents
    frequency: Literal["monthly", "weekly"] = "monthly"
    day: int = Field(
        ge=0,
        le=31,
        description="Monthly: the day of the month 1-31 (a shorter month pays on its last day); "
        "weekly: 0 (Monday) to 6",
    )
    start_date: IsoDate = Field(description="The first day a payment may fall on: today or later")
    end_date: IsoDate | None = None
    reference: Reference = ""
    approval_id: str | None = Field(
        default=None, max_length=40, description="The approval of exactly these terms, when they need one"
    )


class StandingOrderChange(ApiModel):
    """What to change; a field left out stays as it is."""

    amount_cents: Cents | None = None
    payee_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="A saved payee to pay instead")
    frequency: Literal["monthly", "weekly"] | None = Field(
        default=None, description="A new frequency needs its `day` too"
    )
    day: int | None = Field(default=None, ge=0, le=31)
    end_date: IsoDate | None = None
    reference: Reference | None = None


class StandingOrderPatch(StandingOrderChange):
    """An amendment, with the approval of exactly it when the order as amended needs one."""

    approval_id: str | None = Field(
        default=None, max_length=40, description="The approval of exactly this amendment, when it needs one"
    )


@router.get("", summary="The caller's standing orders", responses=documented(401, 422))
def list_standing_orders(
    db: DbSession,
    user: CurrentUser,
    include_cancelled: Annotated[bool, Query(alias="includeCancelled")] = False,
) -> list[StandingOrderOut]:
    """Active ones, the next payment first (cancelled ones too with ``includeCancelled=true``)."""
    rows = orders.list_standing_orders(db=db, owner_id=user.id, include_cancelled=include_cancelled)
    return [StandingOrderOut.model_validate(o) for o in rows]


def _request(body: StandingOrderIn) -> orders.StandingOrderRequest:
    return orders.StandingOrderRequest(
        source_account_id=body.source_account_id,
        amount_cents=body.amount_cents,
        schedule=orders.make_schedule(body.frequency, body.day),
        start_date=orders.read_date(body.start_date, "start date"),
        target_account_id=body.target_account_id,
        payee_id=body.payee_id,
        end_date=orders.read_date(body.end_date, "end date") if body.end_date is not None else None,
        reference=body.reference,
    )


@opens_approval(router, "/approval", summary="Ask for the approval of a standing order", errors=(401, 409, 422))
def approve_standing_order(db: DbSession, user: CurrentUser, body: StandingOrderIn) -> ApprovalOut:
    """For a standing order to a payee over the approval threshold, or to a payee added in the last 24 hours:
    an approval of exactly these terms. Approve it, then `POST /api/standing-orders` with it as `approvalId`.
    409 `approval_not_needed` when the order needs none; 422 as for setting it up."""
    return opened(db, user.id, approval_for(db=db, owner_id=user.id, request=_request(body), today=utcnow().date()))


@router.post("", status_code=201, summary="Set up a standing order", responses=documented(401, 403, 422))
def create_standing_order(db: DbSession, user: CurrentUser, body: StandingOrderIn) -> StandingOrderOut:
    """422 with ``detail`` (nothing is set up) for a start date in the past, a date that does not exist
    (2027-02-31), an amount over the source account's daily transfer limit, an unknown payee or account.
    403 `approval_required` for one that needs approval (see `POST /api/standing-orders/approval`) without an
    `approvalId` of exactly these terms, given."""
    request, today = _request(body), utcnow().date()
    operation = approval_for(db=db, owner_id=user.id, request=request, today=today)
    require_approval(db, user.id, operation, body.approval_id)
    view = orders.create_standing_order(db=db, owner_id=user.id, request=request, today=today)
    return StandingOrderOut.model_validate(view)


@router.get("/{order_id}", summary="One standing order and its latest payments", responses=documented(401, 404, 422))
def get_standing_order(db: DbSession, user: CurrentUser, order_id: OrderId) -> StandingOrderDetailOut:
    """Another user's standing order answers 404, exactly like a missing one."""
    view = orders.get_standing_order(db=db, owner_id=user.id, order_id=order_id)
    runs = orders.recent_runs(db=db, owner_id=user.id, order_id=order_id)
    return StandingOrderDetailOut.model_validate(
        {**StandingOrderOut.model_validate(view).model_dump(), "runs": [RunOut.model_validate(r) for r in runs]}
    )


def _changes(body: StandingOrderChange) -> orders.StandingOrderChanges:
    return orders.StandingOrderChanges(
        amount_cents=body.amount_cents,
        day=body.day,
        frequency=body.frequency,
        end_date=orders.read_date(body.end_date, "end date") if body.end_date is not None else None,
        reference=body.reference,
        payee_id=body.payee_id,
    )


@opens_approval(
    router, "/{order_id}/approval", summary="Ask for the approval of an amendment", errors=(401, 404, 409, 422)
)
def approve_amendment(db: DbSession, user: CurrentUser, order_id: OrderId, body: StandingOrderChange) -> ApprovalOut:
    """For an amendment after which the order pays a payee over the approval threshold, or a payee added in the
    last 24 hours: an approval of exactly this order as amended. Approve it, then `PATCH
    /api/standing-orders/{order_id}` with the same changes and it as `approvalId`. 409 `approval_not_needed` when
    the amended order needs none; 404 and 422 as for amending it."""
    operation = amendment_approval_for(
        db=db, owner_id=user.id, order_id=order_id, changes=_changes(body), today=utcnow().date()
    )
    return opened(db, user.id, operation)


@router.patch("/{order_id}", summary="Amend a standing order", responses=documented(401, 403, 404, 422))
def amend_standing_order(
    db: DbSession, user: CurrentUser, order_id: OrderId, body: StandingOrderPatch
) -> StandingOrderOut:
    """The amount, the payee, the frequency and day, the end date or the reference; a new schedule applies from
    the next payment not yet made. 403 `approval_required` (nothing changed) for an amendment that needs approval
    (see `POST /api/standing-orders/{order_id}/approval`) without an `approvalId` of exactly it, given."""
    changes, today = _changes(body), utcnow().date()
    operation = amendment_approval_for(db=db, owner_id=user.id, order_id=order_id, changes=changes, today=today)
    require_approval(db, user.id, operation, body.approval_id)
    view = orders.amend_standing_order(db=db, owner_id=user.id, order_id=order_id, changes=changes, today=today)
    return StandingOrderOut.model_validate(view)


@router.delete("/{order_id}", summary="Cancel a standing order", responses=documented(401, 404, 422), **NO_CONTENT)
def cancel_standing_order(db: DbSession, user: CurrentUser, order_id: OrderId) -> None:
    """No payment is made after this; cancelling a cancelled one again changes nothing."""
    orders.cancel_standing_order(db=db, owner_id=user.id, order_id=order_id)
