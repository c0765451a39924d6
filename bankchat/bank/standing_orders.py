"""Standing orders: check, set up, list, amend and cancel them (the executor is ``standing_order_runs``).

Every change is the customer's own and is written to the audit log in the same
transaction. A standing order pays a saved payee or one of the customer's own
accounts from a checking or savings account, monthly on a day (1-31; a shorter month
pays on its last day) or weekly on a weekday, from a start date that is not in the
past, each payment within the source account's daily transfer limit.

``create_standing_order`` is the one function that sets one up and ``amend_standing_order`` the one that
changes one: an approval step (a passkey, a one-time code; ``standing_order_approvals``) guards each call
under the same payment rules.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.bank import audit_trail, transfer_rules
from bankchat.bank.accounts import owned_account
from bankchat.bank.money import format_cents, is_cents
from bankchat.bank.payees import owned_payee
from bankchat.bank.reads import forget
from bankchat.bank.schedules import FREQUENCIES, Schedule
from bankchat.bank.transfer_views import PaymentRequest, PaymentView
from bankchat.errors import (
    AccountNotFound,
    PayeeNotFound,
    StandingOrderNotFound,
    StandingOrderRejected,
    TransferRejected,
)
from bankchat.models import Account, Payee, StandingOrder, StandingOrderRun, Transfer, utcnow, view_of

MAX_START_DAYS = 366
"""How far ahead a standing order may start."""
MAX_REFERENCE_CHARS = 18
"""What a payee's bank shows of a reference (as for one-off transfers)."""
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True, kw_only=True)
class StandingOrderRequest(PaymentRequest):
    """A standing order as the customer asks for it (every field by name)."""

    schedule: Schedule
    start_date: date
    """The first day a payment may fall on (the first payment is the schedule's first date from here)."""
    end_date: date | None = None
    reference: str = ""


@dataclass(frozen=True)
class StandingOrderPlan:
    """A checked request, as it is read back to the customer before it is set up."""

    request: StandingOrderRequest
    source_name: str
    source_masked_number: str
    target_name: str
    currency: str
    first_due: date
    schedule_text: str
    """ "on the 1st of every month" (with a note for days some months lack)."""


@dataclass(frozen=True)
class StandingOrderView(PaymentView):
    """A standing order as the customer sees it."""

    frequency: str
    day: int
    schedule: str
    start_date: date
    end_date: date | None
    next_due: date | None
    status: str
    reference: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class RunView:
    """What happened on one due date."""

    due_date: date
    outcome: str
    """``paid`` or ``skipped``."""
    reason: str
    detail: str
    transfer_reference: str | None


@dataclass(frozen=True)
class StandingOrderChanges:
    """What an amendment changes (None: unchanged)."""

    amount_cents: int | None = None
    day: int | None = None
    """Monthly: 1-31; weekly: 0 (Monday)-6. Needed with a new ``frequency``."""
    frequency: str | None = None
    end_date: date | None = None
    open_ended: bool = False
    """The end date goes: the order pays until it is cancelled (``end_date`` is then ignored)."""
    reference: str | None = None
    payee_id: int | None = None
    """A saved payee to pay instead (of a payee or one of the customer's accounts)."""


def read_date(text: str, field: str = "date") -> date:
    """An ISO date (``2027-01-31``); a date that does not exist ("2027-02-31") is refused in words."""
    match = _ISO_DATE.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise StandingOrderRejected("invalid_date", f"The {field} must be a date like 2027-01-31")
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise StandingOrderRejected("invalid_date", f"The {field} {text.strip()} has no month {month}")
    if not 1 <= day <= calendar.monthrange(year, month)[1] or year < 1:
        last = calendar.monthrange(year, month)[1] if year >= 1 else 31
        name = calendar.month_name[month]
        raise StandingOrderRejected(
            "invalid_date", f"The {field} {text.strip()} does not exist: {name} {year} has {last} days"
        )
    return date(year, month, day)


def make_schedule(frequency: str, day: int) -> Schedule:
    """The schedule, or ``StandingOrderRejected`` in words for a day it does not have."""
    try:
        return Schedule(frequency, day)  # type: ignore[arg-type]  # checked by Schedule itself
    except ValueError:
        what = "a day of the month from 1 to 31" if frequency == "monthly" else "a weekday from 0 (Monday) to 6"
        raise StandingOrderRejected(
            "invalid_schedule",
            f"A {frequency} standing order needs {what}"
            if frequency in FREQUENCIES
            else "A standing order is monthly or weekly",
        ) from None


def pays_once(schedule: Schedule, first: date, end: date | None) -> bool:
    """Whether an order whose first payment is ``first`` makes that one payment only (a payment set up for a
    later day: "pay bob 15 on friday")."""
    return end is not None and len(schedule.dates(first, end)) == 1


def schedule_text(schedule: Schedule, first: date | None = None, end: date | None = None) -> str:
    """ "on the 31st of every month (on the last day in shorter months)"; "once, on Friday 13 March 2026" for an
    order that pays once (its first payment ``first`` and its end ``end`` given)."""
    if first is not None and pays_once(schedule, first, end):
        return f"once, on {first:%A} {first.day} {first:%B %Y}"
    note = " (on the last day in shorter months)" if schedule.shortened else ""
    return schedule.describe() + note


def check_standing_order(*, db: Db, owner_id: int, request: StandingOrderRequest, today: date) -> StandingOrderPlan:
    """Check a standing order without setting it up (what the customer is asked to confirm).

    Raises:
        StandingOrderRejected: with a reason code and a friendly detail; nothing changed.
    """
    if not is_cents(request.amount_cents):
        raise StandingOrderRejected("invalid_amount", "The amount must be a positive number of pence")
    if request.start_date < today:
        raise StandingOrderRejected(
            "start_in_past", f"A standing order can't start in the past (today is {today:%-d %B %Y})"
        )
    if request.start_date > today + timedelta(days=MAX_START_DAYS):
        raise StandingOrderRejected("start_too_late", "A standing order can start at most a year from today")
    if not isinstance(request.reference, str) or len(request.reference) > MAX_REFERENCE_CHARS:
        raise StandingOrderRejected("invalid_reference", f"A reference may be at most {MAX_REFERENCE_CHARS} characters")
    source = _source(db, owner_id, request.source_account_id)
    target_name = _target_name(db, owner_id, request, source)
    if request.amount_cents > source.daily_transfer_limit_cents:
        limit = format_cents(source.daily_transfer_limit_cents, source.currency)
        raise StandingOrderRejected(
            "over_limit", f"Each payment must be within your daily transfer limit of {limit} from {source.name}"
        )
    first = request.schedule.first_on_or_after(request.start_date)
    if request.end_date is not None and request.end_date < today:
        raise StandingOrderRejected("invalid_end", f"The end date ({request.end_date:%-d %B %Y}) has already passed")
    if request.end_date is not None and request.end_date < first:
        raise StandingOrderRejected(
            "invalid_end",
            f"The end date ({request.end_date:%-d %B %Y}) is before the first payment ({first:%-d %B %Y})",
        )
    return StandingOrderPlan(
        request=request,
        source_name=source.name,
        source_masked_number=source.masked_number,
        target_name=target_name,
        currency=source.currency,
        first_due=first,
        schedule_text=schedule_text(request.schedule),
    )


def create_standing_order(*, db: Db, owner_id: int, request: StandingOrderRequest, today: date) -> StandingOrderView:
    """Set up a standing order, audited, in the caller's transaction (flushed; the caller commits).

    The one call that makes a standing order; one that needs approval (``approval_for``) is approved first.
    """
    plan = check_standing_order(db=db, owner_id=owner_id, request=request, today=today)
    order = StandingOrder(
        owner_id=owner_id,
        source_account_id=request.source_account_id,
        target_account_id=request.target_account_id,
        payee_id=request.payee_id,
        amount_cents=request.amount_cents,
        currency=plan.currency,
        reference=request.reference,
        frequency=request.schedule.frequency,
        day=request.schedule.day,
        start_date=request.start_date,
        end_date=request.end_date,
        next_due=plan.first_due,
    )
    return _saved(db, owner_id, order, "standing_order_created", _summary)


def list_standing_orders(*, db: Db, owner_id: int, include_cancelled: bool = False) -> list[StandingOrderView]:
    """The customer's standing orders, the next payment first (cancelled ones last, if asked for)."""
    query = select(StandingOrder).where(StandingOrder.owner_id == owner_id)
    if not include_cancelled:
        query = query.where(StandingOrder.status == "active")
    rows = db.exec(query.order_by(col(StandingOrder.status), col(StandingOrder.next_due), col(StandingOrder.id))).all()
    return [_view(db, row) for row in rows]


def get_standing_order(*, db: Db, owner_id: int, order_id: int) -> StandingOrderView:
    """One of the customer's standing orders; another user's answers ``StandingOrderNotFound`` like a missing one."""
    return _view(db, _owned(db, owner_id, order_id))


def check_amendment(
    *, db: Db, owner_id: int, order_id: int, changes: StandingOrderChanges, today: date
) -> StandingOrderPlan:
    """Check an amendment without making it: the order as it would be, read back before a yes.

    A new day takes effect from the next payment not yet made (never a date already paid or skipped).
    """
    order = _owned(db, owner_id, order_id)
    if order.status != "active":
        raise StandingOrderRejected("cancelled", "That standing order has been cancelled, so it can't be changed")
    frequency = changes.frequency or order.frequency
    if changes.day is None and frequency != order.frequency:
        raise StandingOrderRejected("invalid_schedule", f"Say which day a {frequency} standing order should go out")
    schedule = make_schedule(frequency, order.day if changes.day is None else changes.day)
    last = _last_run_date(db, order_id)
    start = max(today, order.start_date, *(() if last is None else (last + timedelta(days=1),)))
    request = StandingOrderRequest(
        source_account_id=order.source_account_id,
        amount_cents=changes.amount_cents if changes.amount_cents is not None else order.amount_cents,
        schedule=schedule,
        start_date=start,
        target_account_id=order.target_account_id if changes.payee_id is None else None,
        payee_id=order.payee_id if changes.payee_id is None else changes.payee_id,
        end_date=None if changes.open_ended else changes.end_date if changes.end_date is not None else order.end_date,
        reference=changes.reference if changes.reference is not None else order.reference,
    )
    return check_standing_order(db=db, owner_id=owner_id, request=request, today=today)


def amend_standing_order(
    *, db: Db, owner_id: int, order_id: int, changes: StandingOrderChanges, today: date
) -> StandingOrderView:
    """Change the amount, the payee, the schedule, the end date or the reference of an active standing order,
    audited (checked by ``check_amendment`` first; nothing changes if it refuses). One that needs approval
    (``standing_order_approvals.amendment_approval_for``) is approved first."""
    plan = check_amendment(db=db, owner_id=owner_id, order_id=order_id, changes=changes, today=today)
    order = _owned(db, owner_id, order_id)
    before = _summary(_view(db, order))
    request = plan.request
    order.amount_cents = request.amount_cents
    order.payee_id, order.target_account_id = request.payee_id, request.target_account_id
    order.frequency, order.day = request.schedule.frequency, request.schedule.day
    order.end_date = request.end_date
    order.reference = request.reference
    order.next_due = plan.first_due
    order.updated_at = utcnow()
    return _saved(db, owner_id, order, "standing_order_amended", lambda after: f"{before} → {_summary(after)}")


def cancel_standing_order(*, db: Db, owner_id: int, order_id: int) -> StandingOrderView:
    """Cancel a standing order: no payment after this; audited. Cancelling a cancelled one changes nothing."""
    order = _owned(db, owner_id, order_id)
    if order.status == "cancelled":
        return _view(db, order)
    order.status, order.next_due, order.updated_at = "cancelled", None, utcnow()
    return _saved(db, owner_id, order, "standing_order_cancelled", _summary)


def recent_runs(*, db: Db, owner_id: int, order_id: int, limit: int = 12) -> list[RunView]:
    """The order's latest due dates and what happened on each, newest first."""
    _owned(db, owner_id, order_id)
    rows = db.exec(
        select(StandingOrderRun, Transfer.reference)
        .join(Transfer, col(Transfer.id) == StandingOrderRun.transfer_id, isouter=True)
        .where(StandingOrderRun.standing_order_id == order_id)
        .order_by(col(StandingOrderRun.due_date).desc())
        .limit(limit)
    ).all()
    return [RunView(r.due_date, r.outcome, r.reason, r.detail, reference) for r, reference in rows]


def audit(db: Db, owner_id: int, action: str, detail: str) -> None:
    """One audit log entry of the customer's (or, for a run, the bank's on their behalf), in ``db``'s transaction
    (``standing_order_*`` actions, declared in ``bank/audit_trail.py``)."""
    audit_trail.record(db, actor_id=owner_id, action=action, subject_user_id=owner_id, detail=detail)
    forget(db)


def _saved(
    db: Db, owner_id: int, order: StandingOrder, action: str, detail: Callable[[StandingOrderView], str]
) -> StandingOrderView:
    """Write a new or changed order and audit it as ``action``, its ``detail`` told from the order as saved."""
    db.add(order)
    db.flush()
    view = _view(db, order)
    audit(db, owner_id, action, detail(view))
    db.flush()
    return view


def _summary(view: StandingOrderView) -> str:
    return (
        f"standing order {view.id}: {format_cents(view.amount_cents, view.currency)} to {view.target_name} "
        f"{view.schedule} from {view.source_name}, next {view.next_due or 'none'}, {view.status}"
    )


def _owned(db: Db, owner_id: int, order_id: int) -> StandingOrder:
    row = db.exec(select(StandingOrder).where(StandingOrder.id == order_id, StandingOrder.owner_id == owner_id)).first()
    if row is None:
        raise StandingOrderNotFound
    return row


def _last_run_date(db: Db, order_id: int) -> date | None:
    last = db.exec(
        select(func.max(StandingOrderRun.due_date)).where(StandingOrderRun.standing_order_id == order_id)
    ).one()
    return last if isinstance(last, date) else None


def _source(db: Db, owner_id: int, account_id: int) -> Account:
    try:
        source = owned_account(db=db, owner_id=owner_id, account_id=account_id)
    except AccountNotFound:
        raise StandingOrderRejected("unknown_account", "That account is not one of yours") from None
    if source.kind not in transfer_rules.SOURCE_KINDS:
        raise StandingOrderRejected("source_not_allowed", f"A standing order can't be paid from your {source.name}")
    return source


def _target_name(db: Db, owner_id: int, request: StandingOrderRequest, source: Account) -> str:
    if (request.target_account_id is None) == (request.payee_id is None):
        raise StandingOrderRejected("unknown_payee", "Choose one saved payee or one of your accounts to pay")
    if request.payee_id is not None:
        try:
            return owned_payee(db=db, owner_id=owner_id, payee_id=request.payee_id).name
        except PayeeNotFound:
            raise StandingOrderRejected(
                "unknown_payee", "That payee is not one of your saved payees (add them in the app first)"
            ) from None
    assert request.target_account_id is not None
    if request.target_account_id == source.id:
        raise StandingOrderRejected("same_account", "The money would go to the account it comes from")
    try:
        return transfer_rules.own_target(db, owner_id, request.target_account_id, source).name
    except TransferRejected as refused:  # the same rule, under the standing order's own reason code
        raise StandingOrderRejected("unknown_account", refused.detail) from None


def _view(db: Db, order: StandingOrder) -> StandingOrderView:
    assert order.id is not None
    source = db.get(Account, order.source_account_id)
    if order.payee_id is not None:
        payee = db.get(Payee, order.payee_id)
        target_name = payee.name if payee is not None else "a removed payee"
    else:
        target = db.get(Account, order.target_account_id)
        target_name = target.name if target is not None else "a closed account"
    schedule = Schedule(order.frequency, order.day)  # type: ignore[arg-type]  # the table's check holds it
    return view_of(
        StandingOrderView,
        order,
        source_name=source.name if source is not None else "",
        target_name=target_name,
        schedule=schedule_text(schedule, order.next_due, order.end_date),
    )
