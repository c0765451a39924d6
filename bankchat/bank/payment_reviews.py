"""Four eyes (maker-checker): a payment to a payee over ``four_eyes_threshold_cents`` waits for a member of staff.

1. The customer confirms (and approves) the payment as any other; instead of being sent it is
   **held** (``hold``): a ``payment_review`` row with exactly what will be sent and its idempotency key.
2. A member of staff **approves** it (``approve``): the transfer is executed with that key, in the
   transaction that marks the review approved, so it is sent once however often the button is
   pressed; or **rejects** it with a note (``reject``). Nothing else sends it.
3. The decider is never the customer: refused here (``OwnPayment``) and by the database's check.

Both steps are audited (``payment_held``, ``payment_approve``, ``payment_reject``). The staff side
(the manager role, telling the customer) is ``services/payment_reviews.py``; the customer sees their own
held payments (``customer_reviews``, ``customer_review``) in chat and over REST.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.bank import audit_trail, transfers
from bankchat.bank.money import format_cents
from bankchat.bank.transfer_views import TransferRequest
from bankchat.errors import OwnPayment, ReviewNotFound, ReviewRefused, TransferRejected
from bankchat.models import Account, Payee, PaymentReview, Transfer, utcnow
from bankchat.settings import get_settings

MAX_NOTE = 500


@dataclass(frozen=True)
class ReviewView:
    """A held payment, as the customer and staff see it."""

    reference: str
    owner_id: int
    session_id: str | None
    source_name: str
    payee_name: str
    amount_cents: int
    currency: str
    status: str
    note: str
    transfer_reference: str
    created_at: datetime
    decided_at: datetime | None

    @property
    def summary(self) -> str:
        """ "£6,000.00 to Bob Brown from Savings"."""
        return f"{format_cents(self.amount_cents, self.currency)} to {self.payee_name} from {self.source_name}"


def needs_review(*, amount_cents: int, payee_id: int | None) -> bool:
    """Whether a payment waits for a member of staff: to a payee, over the four-eyes threshold (money moved
    between the customer's own accounts never does)."""
    return payee_id is not None and amount_cents > get_settings().four_eyes_threshold_cents


def hold(db: Db, *, owner_id: int, request: TransferRequest, key: str, session_id: str | None) -> ReviewView:
    """Hold a confirmed payment for review instead of sending it (checked as a transfer would be; flushed).

    The same ``key`` again returns the review already held (a retried confirmation holds it once).
    """
    existing = db.exec(
        select(PaymentReview).where(PaymentReview.owner_id == owner_id, PaymentReview.idempotency_key == key)
    ).first()
    if existing is not None:
        return _view(db, existing)
    quote = transfers.validate_transfer(db=db, owner_id=owner_id, request=request)
    assert request.payee_id is not None
    review = PaymentReview(
        owner_id=owner_id,
        session_id=session_id,
        source_account_id=request.source_account_id,
        payee_id=request.payee_id,
        amount_cents=request.amount_cents,
        currency=quote.currency,
        memo=request.memo,
        idempotency_key=key,
    )
    db.add(review)
    db.flush()
    view = _view(db, review)
    detail = f"{view.reference} {view.summary}"
    audit_trail.record(db, actor_id=owner_id, action="payment_held", subject_user_id=owner_id, detail=detail)
    return view


def pending(db: Db, *, limit: int = 200) -> list[ReviewView]:
    """Every payment waiting for staff, oldest first."""
    rows = db.exec(
        select(PaymentReview)
        .where(PaymentReview.status == "pending")
        .order_by(col(PaymentReview.created_at), col(PaymentReview.id))
        .limit(limit)
    ).all()
    return [_view(db, r) for r in rows]


def customer_reviews(db: Db, *, owner_id: int, limit: int = 20) -> list[ReviewView]:
    """The customer's held payments, newest first."""
    rows = db.exec(
        select(PaymentReview)
        .where(PaymentReview.owner_id == owner_id)
        .order_by(col(PaymentReview.id).desc())
        .limit(limit)
    ).all()
    return [_view(db, r) for r in rows]


def customer_review(db: Db, *, owner_id: int, reference: str) -> ReviewView:
    """One of the customer's held payments; another customer's raises ``ReviewNotFound`` like a missing one."""
    review = db.exec(
        select(PaymentReview).where(PaymentReview.reference == reference, PaymentReview.owner_id == owner_id)
    ).first()
    if review is None:
        raise ReviewNotFound
    return _view(db, review)


def approve(db: Db, *, reference: str, staff_id: int) -> ReviewView:
    """Send the held payment with its own key and mark it approved, in one transaction (the caller commits).

    If the bank refuses it now (the money is no longer there), it is rejected with the reason and nothing
    moves. Raises ``ReviewNotFound``, ``OwnPayment`` (the customer's own payment), ``ReviewRefused``
    (``already_decided``).
    """
    review = _pending(db, reference, staff_id)
    request = TransferRequest(
        source_account_id=review.source_account_id,
        amount_cents=review.amount_cents,
        payee_id=review.payee_id,
        memo=review.memo,
    )
    owner, key = review.owner_id, review.idempotency_key
    try:
        done = transfers.execute_transfer(db=db, owner_id=owner, request=request, idempotency_key=key)
    except TransferRejected as exc:  # execute_transfer rolled back: decide again in a clean transaction
        return reject(db, reference=reference, staff_id=staff_id, note=f"Not sent: {exc.detail}")
    review = _pending(db, reference, staff_id)
    review.status, review.decided_by, review.decided_at, review.transfer_id = "approved", staff_id, utcnow(), done.id
    db.add(review)
    db.flush()
    view = _view(db, review)
    audit_trail.record(
        db, actor_id=staff_id, action="payment_approve", subject_user_id=owner, detail=f"{reference} {view.summary}"
    )
    return view


def reject(db: Db, *, reference: str, staff_id: int, note: str) -> ReviewView:
    """Reject the held payment with a note saying why (required; nothing is sent)."""
    note = " ".join(note.split())[:MAX_NOTE]
    if not note:
        raise ReviewRefused("note_required", "Say why it is rejected: the customer is told")
    review = _pending(db, reference, staff_id)
    review.status, review.decided_by, review.decided_at, review.note = "rejected", staff_id, utcnow(), note
    db.add(review)
    db.flush()
    view = _view(db, review)
    audit_trail.record(
        db, actor_id=staff_id, action="payment_reject", subject_user_id=review.owner_id, detail=f"{reference}: {note}"
    )
    return view


def _pending(db: Db, reference: str, staff_id: int) -> PaymentReview:
    review = db.exec(select(PaymentReview).where(PaymentReview.reference == reference).with_for_update()).first()
    if review is None:
        raise ReviewNotFound
    if review.owner_id == staff_id:
        raise OwnPayment
    if review.status != "pending":
        raise ReviewRefused("already_decided", f"That payment was already {review.status}")
    return review


def _view(db: Db, review: PaymentReview) -> ReviewView:
    source = db.get(Account, review.source_account_id)
    payee = db.get(Payee, review.payee_id)  # its name, even if removed since
    transfer = db.get(Transfer, review.transfer_id) if review.transfer_id is not None else None
    return ReviewView(
        reference=review.reference,
        owner_id=review.owner_id,
        session_id=review.session_id,
        source_name=source.name if source is not None else "",
        payee_name=payee.name if payee is not None else "",
        amount_cents=review.amount_cents,
        currency=review.currency,
        status=review.status,
        note=review.note,
        transfer_reference=transfer.reference if transfer is not None and transfer.reference else "",
        created_at=review.created_at,
        decided_at=review.decided_at,
    )
