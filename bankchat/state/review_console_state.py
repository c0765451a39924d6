"""ReviewConsoleState: the manager console's held payments (four eyes). Manager role only, checked by the services.

Held payments are listed oldest first and refreshed while the console is open; a manager approves one
(it is sent, once) or rejects it with a note (required). A manager's own payment is refused by the bank
(``OwnPayment``). The customer is told in their conversation by ``services.payment_reviews``.
The listing, the note and the decisions are ``DecisionQueue``'s.
"""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from bankchat.bank.payment_reviews import MAX_NOTE
from bankchat.db import session_scope
from bankchat.services import UserView, payment_reviews
from bankchat.state.auth_state import AuthState
from bankchat.state.console_rows import ReviewRow, review_row
from bankchat.state.decision_queue import DecisionQueue, Desk, Listing
from bankchat.state.manager_only import Answer


def _held(manager: UserView) -> Listing:
    with session_scope() as db:
        views = payment_reviews.held_payments(db, manager=manager)
    return Listing([v.reference for v in views], [review_row(i, v) for i, v in enumerate(views)])


def _decide(manager: UserView, reference: str, send: bool, note: str) -> str:
    with session_scope() as db:
        if send:
            done = payment_reviews.approve(db, manager=manager, reference=reference)
        else:
            done = payment_reviews.reject(db, manager=manager, reference=reference, note=note)
    verdict = "sent" if done.status == "approved" else f"not sent: {done.note}"
    return f"Payment {done.reference} {verdict}"


class ReviewConsoleState(DecisionQueue, AuthState):
    """The held payments and the manager's note for the next rejection."""

    payments: list[ReviewRow] = []

    _desk: ClassVar[Desk] = Desk(
        listed=_held, decide=_decide, note_chars=MAX_NOTE, gone="That payment is no longer listed."
    )

    def _show(self, rows: list[ReviewRow]) -> None:
        self.payments = rows

    @rx.event
    async def approve(self, ref: int) -> Answer:
        """Approve the payment at ``ref``: it is sent, once."""
        return await self._decide(ref, True)
