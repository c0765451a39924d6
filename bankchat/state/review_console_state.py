"""ReviewConsoleState: the manager console's held payments (four eyes). Manager role only, checked by the services.

Held payments are listed oldest first and refreshed while the console is open; a manager approves one
(it is sent, once) or rejects it with a note (required). A manager's own payment is refused by the bank
(``OwnPayment``). The customer is told in their conversation by ``services.payment_reviews``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
from collections.abc import Awaitable, Callable

import reflex as rx

from bankchat.bank.payment_reviews import MAX_NOTE, ReviewView
from bankchat.db import session_scope
from bankchat.errors import BankChatError, NotAManager
from bankchat.services import UserView, payment_reviews
from bankchat.state.auth_state import AuthState
from bankchat.state.inputs import bounded_text

Answer = rx.event.EventSpec | None


@dataclasses.dataclass
class ReviewRow:
    """A held payment as the console shows it (addressed by position, like the other lists)."""

    ref: int = 0
    reference: str = ""
    summary: str = ""
    held: str = ""


def _held(manager: UserView) -> list[ReviewView]:
    with session_scope() as db:
        return payment_reviews.held_payments(db, manager=manager)


def _decide(manager: UserView, reference: str, send: bool, note: str) -> ReviewView:
    with session_scope() as db:
        if send:
            return payment_reviews.approve(db, manager=manager, reference=reference)
        return payment_reviews.reject(db, manager=manager, reference=reference, note=note)


class ReviewConsoleState(AuthState):
    """The held payments and the manager's note for the next rejection."""

    payments: list[ReviewRow] = []
    review_note: str = ""

    _references: list[str] = []

    async def _as_manager(self, work: Callable[[UserView], Awaitable[Answer]]) -> Answer:
        user = await self._current_user()
        if user is None:
            return rx.redirect("/chat")
        try:
            return await work(user)
        except NotAManager:
            return rx.redirect("/chat")

    async def _load(self, user: UserView) -> Answer:
        views = await asyncio.to_thread(_held, user)
        self._references = [v.reference for v in views]
        self.payments = [
            ReviewRow(i, v.reference, v.summary, f"{v.created_at:%d %b %H:%M}") for i, v in enumerate(views)
        ]
        return None

    @rx.event
    async def refresh(self, _tick: str = "") -> Answer:
        """Load the held payments (on mount, and every few seconds)."""
        return await self._as_manager(self._load)

    @rx.event
    def set_review_note(self, value: str) -> Answer:
        """Keep the note for the next rejection (managers' tabs only, bounded)."""
        if self.role != "manager" or not isinstance(value, str):
            return None
        self.review_note, problem = bounded_text(value, MAX_NOTE)
        return rx.toast.error(problem) if problem else None

    @rx.event
    async def approve(self, ref: int) -> Answer:
        """Approve the payment at ``ref``: it is sent, once."""
        return await self._as_manager(functools.partial(self._decide, ref, True))

    @rx.event
    async def reject(self, ref: int) -> Answer:
        """Reject the payment at ``ref`` with the note (required)."""
        return await self._as_manager(functools.partial(self._decide, ref, False))

    async def _decide(self, ref: object, send: bool, user: UserView) -> Answer:
        if isinstance(ref, bool) or not isinstance(ref, int) or not 0 <= ref < len(self._references):
            return rx.toast.error("That payment is no longer listed.")
        try:
            done = await asyncio.to_thread(_decide, user, self._references[ref], send, self.review_note)
        except NotAManager:
            raise
        except BankChatError as exc:
            await self._load(user)
            return rx.toast.error(exc.detail if exc.detail.endswith(".") else f"{exc.detail}.")
        self.review_note = ""
        await self._load(user)
        verdict = "sent" if done.status == "approved" else f"not sent: {done.note}"
        return rx.toast.success(f"Payment {done.reference} {verdict}")
