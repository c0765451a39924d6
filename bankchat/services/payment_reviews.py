"""Four eyes as people use it: staff see the held payments, approve one (it is sent) or reject one, and the
customer is told; a customer sees their own held payments and what was decided.

Deciding is for managers only, checked here whoever calls (the console, the admin routes): ``NotAManager``.
The decision, its audit entry and the message to the customer's conversation are one transaction.
"""

from __future__ import annotations

from sqlmodel import Session as Db

from bankchat.bank import payment_reviews as bank_reviews
from bankchat.bank.payment_reviews import ReviewView
from bankchat.services import handoffs
from bankchat.services.roles import require_manager
from bankchat.services.views import UserView

__all__ = ["ReviewView", "approve", "held_payments", "own_held_payment", "own_held_payments", "reject"]


def held_payments(db: Db, *, manager: UserView) -> list[ReviewView]:
    """Every payment waiting for a member of staff, oldest first; managers only."""
    require_manager(manager)
    return bank_reviews.pending(db)


def own_held_payments(db: Db, *, customer: UserView) -> list[ReviewView]:
    """The customer's own payments held for a check by staff, waiting or decided, newest first."""
    return bank_reviews.customer_reviews(db, owner_id=customer.id)


def own_held_payment(db: Db, *, customer: UserView, reference: str) -> ReviewView:
    """One of the customer's own held payments; anyone else's raises ``ReviewNotFound`` like a missing one."""
    return bank_reviews.customer_review(db, owner_id=customer.id, reference=reference)


def approve(db: Db, *, manager: UserView, reference: str) -> ReviewView:
    """Send the held payment (once), or reject it if the money is no longer there; the customer is told."""
    require_manager(manager)
    view = bank_reviews.approve(db, reference=reference, staff_id=manager.id)
    _tell(db, manager, view)
    return view


def reject(db: Db, *, manager: UserView, reference: str, note: str) -> ReviewView:
    """Reject the held payment with a note (required); nothing is sent; the customer is told why."""
    require_manager(manager)
    view = bank_reviews.reject(db, reference=reference, staff_id=manager.id, note=note)
    _tell(db, manager, view)
    return view


def _tell(db: Db, manager: UserView, view: ReviewView) -> None:
    if view.session_id is None:
        return
    if view.status == "approved":
        text = (
            f"Your payment of {view.summary} ({view.reference}) has been checked by a colleague and **sent**. "
            f"Reference: {view.transfer_reference}."
        )
    else:
        text = f"Your payment of {view.summary} ({view.reference}) was **not sent**: {view.note}"
    handoffs.tell(db, session_id=view.session_id, staff=manager, text=text)
