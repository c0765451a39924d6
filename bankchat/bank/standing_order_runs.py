"""The standing order executor: every due payment exactly once, across any number of workers and restarts.

How each due date is paid once (docs/architecture.md, invariant 4: Money):

1. A worker claims one active order whose ``next_due`` is today or earlier with
   ``SELECT ... FOR UPDATE SKIP LOCKED`` (PostgreSQL): another worker skips it
   rather than waiting, and never pays it at the same time. (SQLite has one
   writer and ignores the clause; the keys below alone make a second attempt a no-op.)
2. The payment is a transfer through ``transfers.execute_transfer``, the same
   posting code as a customer's own, with the idempotency key
   ``so-<order>-<due date>``; the run row (UNIQUE per order and due date: the
   exactly-once key) and the order's next due date are written in the same
   transaction. Either all of it commits or none of it.
3. A payment the bank refuses (not enough money, over the daily limit, a payee
   removed) is not retried: the date gets a ``skipped`` run with the reason and
   the bank's sentence, which chat reads out when asked "why wasn't my rent paid?",
   and the order moves on to its next date.
4. Catch-up: an order stays claimable while its next due date is not after
   today, so a server that was down pays every date it missed, oldest first.

``python -m bankchat.standing_orders_run`` runs it once (for cron); the app runs it
every ``standing_orders_interval_seconds`` (see ``services/standing_order_schedule.py``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.bank.money import format_cents
from bankchat.bank.schedules import Schedule
from bankchat.bank.standing_orders import audit
from bankchat.bank.transfer_views import TransferRequest
from bankchat.bank.transfers import execute_transfer
from bankchat.db import get_engine
from bankchat.errors import TransferRejected
from bankchat.models import StandingOrder, StandingOrderRun, utcnow

log = logging.getLogger(__name__)

MEMO = "Standing order"


@dataclass
class RunReport:
    """What one ``run_due`` did."""

    paid: int = 0
    skipped: int = 0
    contended: int = 0
    """Attempts another worker got to first (nothing done twice)."""
    failed: list[str] = field(default_factory=list)
    """Orders left for the next run after an unexpected error (logged)."""


def idempotency_key(order_id: int, due: date) -> str:
    """The transfer's key for one order's due date: the same date can never post two transfers."""
    return f"so-{order_id}-{due.isoformat()}"


def run_due(*, now: datetime | None = None, limit: int = 10_000) -> RunReport:
    """Pay (or skip, with the reason) every due date up to today of every active standing order.

    Safe to run in any number of processes at once and again after a crash: each
    order's due date is settled once. ``limit`` bounds the settlements of one run.
    """
    today = (now or utcnow()).astimezone(UTC).date()
    report = RunReport()
    passed: set[int] = set()
    while report.paid + report.skipped < limit:
        try:
            outcome = _settle_next(today, passed)
        except Exception:  # one bad order must not stop the others; it is tried again next run
            log.exception("A standing order could not be settled")
            report.failed.append("unexpected")
            break
        if outcome is None:
            break
        if outcome == "paid":
            report.paid += 1
        elif outcome == "skipped":
            report.skipped += 1
        else:
            report.contended += 1
    return report


def _claim(db: Db, today: date, passed: set[int], order_id: int | None = None) -> StandingOrder | None:
    """One due active order, locked for this transaction (an order another worker holds is skipped)."""
    query = select(StandingOrder).where(
        StandingOrder.status == "active",
        col(StandingOrder.next_due).is_not(None),
        col(StandingOrder.next_due) <= today,
    )
    if order_id is not None:
        query = query.where(StandingOrder.id == order_id)
    elif passed:
        query = query.where(col(StandingOrder.id).not_in(passed))
    query = query.order_by(col(StandingOrder.next_due), col(StandingOrder.id)).limit(1)
    return db.exec(query.with_for_update(skip_locked=True, of=StandingOrder)).first()


def _settle_next(today: date, passed: set[int]) -> str | None:
    """Settle the next due date of one order: ``paid``, ``skipped``, ``contended``, or None when none is due."""
    with Db(get_engine(), expire_on_commit=False) as db:
        order = _claim(db, today, passed)
        if order is None:
            db.rollback()
            return None
        assert order.id is not None
        assert order.next_due is not None
        order_id, owner_id, due = order.id, order.owner_id, order.next_due
        request = TransferRequest(
            source_account_id=order.source_account_id,
            amount_cents=order.amount_cents,
            target_account_id=order.target_account_id,
            payee_id=order.payee_id,
            memo=f"{MEMO}: {order.reference}" if order.reference else MEMO,
        )
        try:
            done = execute_transfer(
                db=db, owner_id=owner_id, request=request, idempotency_key=idempotency_key(order_id, due)
            )
        except TransferRejected as refused:  # rolled back, the claim with it: claim again to record why
            outcome = _skip(order_id, due, today, refused)
            if outcome == "contended":
                passed.add(order_id)
            return outcome
        except (IntegrityError, OperationalError):
            db.rollback()
            passed.add(order_id)
            return "contended"
        order = db.get(StandingOrder, order_id)
        assert order is not None
        db.add(StandingOrderRun(standing_order_id=order_id, due_date=due, outcome="paid", transfer_id=done.id))
        _move_on(order, due)
        db.add(order)
        amount = format_cents(done.amount_cents, done.currency)
        audit(db, owner_id, "standing_order_paid", f"standing order {order_id}: {amount} on {due} ({done.reference})")
        return _commit(db, order_id, passed, "paid")


def _skip(order_id: int, due: date, today: date, refused: TransferRejected) -> str:
    with Db(get_engine(), expire_on_commit=False) as db:
        order = _claim(db, today, set(), order_id=order_id)
        if order is None or order.next_due != due:  # another worker settled this date meanwhile
            db.rollback()
            return "contended"
        db.add(
            StandingOrderRun(
                standing_order_id=order_id,
                due_date=due,
                outcome="skipped",
                reason=refused.reason[:32],
                detail=refused.detail[:255],
            )
        )
        _move_on(order, due)
        db.add(order)
        audit(db, order.owner_id, "standing_order_skipped", f"standing order {order_id} on {due}: {refused.detail}")
        return _commit(db, order_id, set(), "skipped")


def _commit(db: Db, order_id: int, passed: set[int], outcome: str) -> str:
    try:
        db.commit()
    except (IntegrityError, OperationalError):  # the UNIQUE run key: this date was settled by another worker
        db.rollback()
        passed.add(order_id)
        return "contended"
    return outcome


def _move_on(order: StandingOrder, due: date) -> None:
    """The order's next due date after ``due`` (None past its end date)."""
    upcoming = Schedule(order.frequency, order.day).after(due)  # type: ignore[arg-type]  # the table's check
    order.next_due = upcoming if order.end_date is None or upcoming <= order.end_date else None
    order.updated_at = utcnow()
