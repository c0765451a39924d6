"""What a customer approves (passkey, authenticator-app code) before a standing order is set up or changed.

One rule for both (PSD2's strong customer authentication, ``approvals.payment_needs_approval``): an order
that pays a saved payee more than the approval threshold, or pays a payee added in the last 24 hours, is
approved first. An amendment is judged as the order it makes, so £50 a month amended to £5,000 a month
is approved exactly as a new £5,000 one would be, and its approval names the order it changes: an
approval of another order, another amount or another payee is refused by ``approvals.consume``.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session as Db

from bankchat.bank import approvals
from bankchat.bank.money import format_cents
from bankchat.bank.standing_orders import (
    StandingOrderChanges,
    StandingOrderPlan,
    StandingOrderRequest,
    check_amendment,
    check_standing_order,
)


def approval_for(*, db: Db, owner_id: int, request: StandingOrderRequest, today: date) -> approvals.Operation | None:
    """The standing order as the customer approves it; None when it needs no approval.

    Bound to every term that decides what is paid: amount, currency, source, payee, schedule, start, end and
    reference (``StandingOrderRejected`` for a request the bank refuses anyway).
    """
    if not _needs_approval(db, owner_id, request):
        return None
    plan = check_standing_order(db=db, owner_id=owner_id, request=request, today=today)
    amount = format_cents(request.amount_cents, plan.currency)
    return approvals.Operation("standing_order", _terms(plan), f"a standing order of {amount} to {plan.target_name}")


def amendment_approval_for(
    *, db: Db, owner_id: int, order_id: int, changes: StandingOrderChanges, today: date
) -> approvals.Operation | None:
    """The amended standing order as the customer approves it (the order's ID and every term it will have, as
    ``approval_for``); None when the order as amended needs no approval.

    Raises:
        StandingOrderNotFound: not the customer's order.
        StandingOrderRejected: an amendment the bank refuses anyway.
    """
    plan = check_amendment(db=db, owner_id=owner_id, order_id=order_id, changes=changes, today=today)
    if not _needs_approval(db, owner_id, plan.request):
        return None
    amount = format_cents(plan.request.amount_cents, plan.currency)
    return approvals.Operation(
        "standing_order_change",
        (("standing_order_id", order_id), *_terms(plan)),
        f"changing your standing order to {amount} to {plan.target_name} {plan.schedule_text}",
    )


def _needs_approval(db: Db, owner_id: int, request: StandingOrderRequest) -> bool:
    return request.payee_id is not None and approvals.payment_needs_approval(
        db=db, owner_id=owner_id, amount_cents=request.amount_cents, payee_id=request.payee_id
    )


def _terms(plan: StandingOrderPlan) -> tuple[tuple[str, str | int], ...]:
    request = plan.request
    return (
        ("amount_cents", request.amount_cents),
        ("currency", plan.currency),
        ("source_account_id", request.source_account_id),
        ("payee_id", request.payee_id or 0),
        ("to", plan.target_name),
        ("schedule", plan.schedule_text),
        ("start", request.start_date.isoformat()),
        ("end", request.end_date.isoformat() if request.end_date else ""),
        ("reference", request.reference),
    )
