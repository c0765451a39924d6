"""DisputeConsoleState: the manager console's dispute queue. Manager role only, checked by the services.

Open cases are listed oldest first and refreshed while the console is open; the manager
refunds one (a credit posting, exactly once: a second click is told it was already decided)
or rejects one with a note (required). Every decision is audited by ``services.disputes``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
from collections.abc import Awaitable, Callable

import reflex as rx

from bankchat.bank.disputes import MAX_NOTE, REASON_LABELS
from bankchat.bank.money import format_cents
from bankchat.db import session_scope
from bankchat.errors import BankChatError, NotAManager
from bankchat.services import UserView, disputes
from bankchat.services.disputes import StaffDisputeView
from bankchat.state.auth_state import AuthState
from bankchat.state.inputs import bounded_text

Answer = rx.event.EventSpec | None


@dataclasses.dataclass
class DisputeRow:
    """An open case as the console shows it (addressed by position, like the other lists)."""

    ref: int = 0
    reference: str = ""
    customer: str = ""
    merchant: str = ""
    amount: str = ""
    paid_on: str = ""
    reason: str = ""
    words: str = ""
    opened: str = ""


def dispute_row(ref: int, view: StaffDisputeView) -> DisputeRow:
    """The row of one open case."""
    case = view.case
    return DisputeRow(
        ref=ref,
        reference=case.reference,
        customer=f"{view.customer_name} ({view.customer})",
        merchant=case.merchant,
        amount=format_cents(case.amount_cents, case.currency),
        paid_on=f"{case.value_date:%d %b %Y}",
        reason=REASON_LABELS.get(case.reason, case.reason),
        words=case.customer_words,
        opened=f"{case.created_at:%d %b %H:%M}",
    )


def _open_cases(manager: UserView) -> list[StaffDisputeView]:
    with session_scope() as db:
        return disputes.open_cases(db, manager=manager)


def _decide(manager: UserView, reference: str, refund: bool, note: str) -> StaffDisputeView:
    with session_scope() as db:
        if refund:
            return disputes.refund(db, manager=manager, reference=reference, note=note)
        return disputes.reject(db, manager=manager, reference=reference, note=note)


class DisputeConsoleState(AuthState):
    """The open dispute cases and the manager's note for the next decision."""

    cases: list[DisputeRow] = []
    note: str = ""

    _refs: list[str] = []

    async def _as_manager(self, work: Callable[[UserView], Awaitable[Answer]]) -> Answer:
        user = await self._current_user()
        if user is None:
            return rx.redirect("/chat")
        try:
            return await work(user)
        except NotAManager:
            return rx.redirect("/chat")

    async def _load(self, user: UserView) -> Answer:
        views = await asyncio.to_thread(_open_cases, user)
        self._refs = [v.case.reference for v in views]
        self.cases = [dispute_row(i, v) for i, v in enumerate(views)]
        return None

    @rx.event
    async def refresh(self, _tick: str = "") -> Answer:
        """Load the open cases (on mount, and every few seconds)."""
        return await self._as_manager(self._load)

    @rx.event
    def set_note(self, value: str) -> Answer:
        """Keep the note for the next decision (managers' tabs only, bounded)."""
        if self.role != "manager" or not isinstance(value, str):
            return None
        self.note, problem = bounded_text(value, MAX_NOTE)
        return rx.toast.error(problem) if problem else None

    @rx.event
    async def refund(self, ref: int) -> Answer:
        """Refund the case at ``ref``: the amount back to the customer's account, once."""
        return await self._as_manager(functools.partial(self._decide, ref, True))

    @rx.event
    async def reject(self, ref: int) -> Answer:
        """Reject the case at ``ref`` with the note (required)."""
        return await self._as_manager(functools.partial(self._decide, ref, False))

    async def _decide(self, ref: object, refund: bool, user: UserView) -> Answer:
        if isinstance(ref, bool) or not isinstance(ref, int) or not 0 <= ref < len(self._refs):
            return rx.toast.error("That case is no longer listed.")
        try:
            done = await asyncio.to_thread(_decide, user, self._refs[ref], refund, self.note)
        except NotAManager:
            raise
        except BankChatError as exc:
            await self._load(user)
            return rx.toast.error(exc.detail if exc.detail.endswith(".") else f"{exc.detail}.")
        self.note = ""
        await self._load(user)
        return rx.toast.success(f"Case {done.case.reference} {done.case.status}.")
