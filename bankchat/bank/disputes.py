"""Disputes: a customer's case against a payment out of their own account, and the staff decision on it.

How a case stays right:

1. Only a debit of one of the caller's own accounts can be disputed (anyone else's line answers
   ``TransactionNotFound`` like a missing one), and each line once: the unique index on
   ``entry_id`` turns a second case (even a concurrent one) into ``already_disputed``.
2. A decision is a conditional UPDATE (``... WHERE status = 'open'``) and the transaction's first
   write, so of two clicks on "refund" exactly one finds the case open; the other is
   ``already_decided`` and changes nothing.
3. A refund is a credit posting (``_posting``) to the disputed line's account in the same
   transaction as the status change: both land, or neither.
4. Every step is written to the audit log in the same transaction: the customer's opening and
   reopening here, the staff's decisions by ``services.disputes``.
5. A rejected case can be reopened by its customer **once**, with the new information they have
   (``reopen``): a conditional UPDATE (``... WHERE status = 'rejected' AND reopened_at IS NULL``)
   puts it back among the open cases for staff to decide again; a second time is
   ``already_reopened`` (the complaints route is the way on), any other case ``not_rejected``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.bank import _posting, audit_trail, ledger
from bankchat.bank.money import format_cents
from bankchat.errors import DisputeNotFound, DisputeRefused, NotDisputable, TransactionNotFound
from bankchat.models import DISPUTE_REASONS, Account, Dispute, LedgerEntry, utcnow, view_of

REASON_LABELS: dict[str, str] = {
    "not_recognised": "I don't recognise it",
    "wrong_amount": "The amount is wrong",
    "not_received": "I didn't receive what I paid for",
    "charged_twice": "I was charged twice",
    "cancelled_subscription": "I had cancelled the subscription",
    "other": "Something else",
}
"""Each reason as the customer reads it back."""
assert tuple(REASON_LABELS) == DISPUTE_REASONS
OPENED, REFUNDED, REJECTED, REOPENED = "dispute_open", "dispute_refund", "dispute_reject", "dispute_reopen"
"""The audit log's actions for disputes (declared with the others in ``bank/audit_trail.py``)."""
MAX_WORDS = 500
MAX_NOTE = 500


@dataclass(frozen=True)
class DisputeView:
    """A case as its customer (or staff) may see it."""

    reference: str
    status: str
    """``open``, ``refunded`` or ``rejected``."""
    reason: str
    customer_words: str
    amount_cents: int
    """The disputed amount, positive."""
    currency: str
    merchant: str
    value_date: date
    """When the disputed payment was made."""
    account_id: int
    account_name: str
    transaction_id: str
    """The disputed line's public ID (``txn_...``)."""
    staff_note: str
    created_at: datetime
    decided_at: datetime | None
    owner_id: int
    appeal_note: str
    """The new information the customer gave to have the rejected case looked at again ("" if never reopened)."""
    reopened_at: datetime | None
    """When the customer had it reopened after a rejection (once only)."""

    @property
    def reason_label(self) -> str:
        """The reason in words."""
        return REASON_LABELS.get(self.reason, self.reason)


def check_reason(reason: object) -> str:
    """``reason`` if it is one of ``DISPUTE_REASONS``; else ``NotDisputable`` naming them."""
    if not isinstance(reason, str) or reason not in DISPUTE_REASONS:
        raise NotDisputable(f"The reason must be one of: {', '.join(DISPUTE_REASONS)}")
    return reason


def open_dispute(*, db: Db, owner_id: int, entry_id: int, reason: str, words: str = "") -> DisputeView:
    """Open a case against a payment out of one of the caller's accounts (flushed; the caller commits; a lost
    race for the line rolls the caller's transaction back).

    Raises:
        TransactionNotFound: the line is not on the caller's statements.
        NotDisputable: money in, or an unknown reason.
        DisputeRefused: ``already_disputed`` when the line has a case.
    """
    check_reason(reason)
    line = ledger.get_transaction(db=db, owner_id=owner_id, entry_id=entry_id)
    if line.amount_cents >= 0:
        raise NotDisputable("Only a payment out of your account can be disputed")
    existing = db.exec(select(Dispute.reference).where(Dispute.entry_id == entry_id)).first()
    if existing is not None:
        raise DisputeRefused("already_disputed", f"That payment is already disputed (case {existing})")
    case = Dispute(
        owner_id=owner_id,
        entry_id=entry_id,
        amount_cents=-line.amount_cents,
        reason=reason,
        customer_words=words.strip()[:MAX_WORDS],
    )
    db.add(case)
    try:
        db.flush()
    except IntegrityError:  # a case for the line was opened meanwhile (the unique index decides)
        db.rollback()
        raise DisputeRefused("already_disputed", "That payment is already disputed") from None
    detail = f"{case.reference}: {format_cents(case.amount_cents)} to {line.merchant} ({reason})"
    audit_trail.record(db, actor_id=owner_id, action=OPENED, subject_user_id=owner_id, detail=detail)
    db.flush()
    return get_dispute(db=db, owner_id=owner_id, reference=case.reference)


def list_disputes(*, db: Db, owner_id: int) -> list[DisputeView]:
    """The caller's cases, newest first."""
    rows = db.exec(_cases().where(Dispute.owner_id == owner_id).order_by(col(Dispute.id).desc())).all()
    return [_view(row) for row in rows]


def get_dispute(*, db: Db, owner_id: int, reference: str) -> DisputeView:
    """One of the caller's cases by reference; another user's answers ``DisputeNotFound`` like a missing one."""
    row = db.exec(_cases().where(Dispute.reference == reference.strip().upper(), Dispute.owner_id == owner_id)).first()
    if row is None:
        raise DisputeNotFound
    return _view(row)


def entry_by_public_id(*, db: Db, owner_id: int, transaction_id: str) -> int:
    """The ledger row behind a statement line's public ID on the caller's accounts; else ``TransactionNotFound``."""
    row_id = db.exec(
        select(LedgerEntry.id)
        .join(Account, col(Account.id) == LedgerEntry.account_id)
        .where(LedgerEntry.public_id == transaction_id, Account.owner_id == owner_id)
    ).first()
    if row_id is None:
        raise TransactionNotFound
    return row_id


def open_cases(*, db: Db, limit: int = 200) -> list[DisputeView]:
    """Every customer's open cases, oldest first (for staff: ``services.disputes`` checks the role)."""
    query = _cases().where(Dispute.status == "open").order_by(col(Dispute.id)).limit(limit)
    return [_view(row) for row in db.exec(query).all()]


def case_by_reference(*, db: Db, reference: str) -> DisputeView:
    """Any customer's case (for staff); ``DisputeNotFound`` if there is none."""
    row = db.exec(_cases().where(Dispute.reference == reference.strip().upper())).first()
    if row is None:
        raise DisputeNotFound
    return _view(row)


def refund(*, db: Db, reference: str, staff_id: int, note: str = "") -> DisputeView:
    """Refund an open case: the status change and a credit posting of the amount, in the caller's transaction.

    It must be the transaction's first write. Of two refunds of one case exactly one credits anything; the
    other (and a refund of a rejected case) is ``DisputeRefused("already_decided")`` and changes nothing.
    """
    if db.new or db.dirty or db.deleted:
        msg = "refund must be the first write of its transaction"
        raise RuntimeError(msg)
    try:
        case = _decide(db, reference, staff_id, status="refunded", note=note)
        entry = db.exec(select(LedgerEntry).where(LedgerEntry.id == case.entry_id)).one()
        _posting.lock_accounts(db, case.owner_id, [entry.account_id])
        owner, account_id = case.owner_id, entry.account_id
        balance = _posting.credit(db, owner_id=owner, account_id=account_id, amount_cents=case.amount_cents)
        if balance is None:  # the line's account is the owner's by construction; never credit another's
            raise DisputeNotFound
        line = _posting.post_refund(
            db,
            booked_at=utcnow(),
            account_id=entry.account_id,
            amount_cents=case.amount_cents,
            balance_after_cents=balance,
            merchant=entry.merchant,
        )
        db.flush()
        case.refund_entry_id = line.id
        db.add(case)
        db.flush()
    except BaseException:
        db.rollback()
        raise
    return case_by_reference(db=db, reference=case.reference)


def reject(*, db: Db, reference: str, staff_id: int, note: str) -> DisputeView:
    """Reject an open case with a note saying why (required: ``NotDisputable`` without one)."""
    if not note.strip():
        raise NotDisputable("A note saying why is required to reject a dispute")
    case = _decide(db, reference, staff_id, status="rejected", note=note)
    return case_by_reference(db=db, reference=case.reference)


COMPLAINTS_ROUTE = (
    "If you're still unhappy with our decision, you can make a complaint: say **I want to make a complaint** and a "
    "colleague will take it and see it through"
)
"""Where a customer goes once a case has been looked at again (it is reopened once only)."""


def reopen(*, db: Db, owner_id: int, reference: str, note: str) -> DisputeView:
    """Reopen one of the caller's rejected cases, once, with the new information ``note`` (flushed, audited).

    Raises:
        DisputeNotFound: not one of the caller's cases.
        NotDisputable: no new information given.
        DisputeRefused: ``already_reopened`` (looked at again once before), ``not_rejected`` (open or refunded).
    """
    note = " ".join(note.split())[:MAX_NOTE]
    if not note:
        raise NotDisputable("Tell us what new information you have, so our team can look at the case again")
    case = get_dispute(db=db, owner_id=owner_id, reference=reference)
    result = db.exec(
        update(Dispute)
        .where(
            col(Dispute.reference) == case.reference,
            col(Dispute.owner_id) == owner_id,
            col(Dispute.status) == "rejected",
            col(Dispute.reopened_at).is_(None),
        )
        .values(status="open", appeal_note=note, reopened_at=utcnow(), decided_by=None, decided_at=None)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise _not_reopened(get_dispute(db=db, owner_id=owner_id, reference=reference))
    detail = f"{case.reference} reopened by the customer: {note}"
    audit_trail.record(db, actor_id=owner_id, action=REOPENED, subject_user_id=owner_id, detail=detail)
    db.flush()
    return get_dispute(db=db, owner_id=owner_id, reference=case.reference)


def _not_reopened(case: DisputeView) -> DisputeRefused:
    """Why ``case`` can't be reopened: it was once already, or it isn't rejected."""
    if case.reopened_at is not None and case.status != "open":
        return DisputeRefused(
            "already_reopened", f"Case {case.reference} has already been looked at again once. {COMPLAINTS_ROUTE}"
        )
    if case.reopened_at is not None:
        return DisputeRefused("already_reopened", f"Case {case.reference} is already open again: our team is on it")
    return DisputeRefused(
        "not_rejected", f"Case {case.reference} is {case.status}: only a rejected case can be looked at again"
    )


def _decide(db: Db, reference: str, staff_id: int, *, status: str, note: str) -> Dispute:
    """Move an open case to ``status`` (one conditional UPDATE); ``already_decided`` if it is not open."""
    reference = reference.strip().upper()
    result = db.exec(
        update(Dispute)
        .where(col(Dispute.reference) == reference, col(Dispute.status) == "open")
        .values(status=status, decided_by=staff_id, decided_at=utcnow(), staff_note=note.strip()[:MAX_NOTE])
        .execution_options(synchronize_session=False)
    )
    case = db.exec(
        select(Dispute).where(Dispute.reference == reference).execution_options(populate_existing=True)
    ).first()
    if case is None:
        raise DisputeNotFound
    if result.rowcount != 1:
        raise DisputeRefused("already_decided", f"Case {reference} was already {case.status}")
    return case


def _cases() -> Any:
    return (
        select(Dispute, LedgerEntry, Account)
        .join(LedgerEntry, col(LedgerEntry.id) == Dispute.entry_id)
        .join(Account, col(Account.id) == LedgerEntry.account_id)
    )


def _view(row: Any) -> DisputeView:
    case, entry, account = row
    return view_of(
        DisputeView,
        case,
        currency=account.currency,
        merchant=entry.merchant,
        value_date=entry.value_date,
        account_id=account.id,
        account_name=account.name,
        transaction_id=entry.public_id,
    )
