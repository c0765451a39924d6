"""DisputeConsoleState: the manager console's dispute queue. Manager role only, checked by the services.

Open cases are listed oldest first and refreshed while the console is open; the manager
refunds one (a credit posting, exactly once: a second click is told it was already decided)
or rejects one with a note (required). Every decision is audited by ``services.disputes``.
The listing, the note and the decisions are ``DecisionQueue``'s.
"""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from bankchat.bank.disputes import MAX_NOTE
from bankchat.db import session_scope
from bankchat.services import UserView, disputes
from bankchat.state.auth_state import AuthState
from bankchat.state.console_rows import DisputeRow, dispute_row
from bankchat.state.decision_queue import DecisionQueue, Desk, Listing
from bankchat.state.manager_only import Answer


def _open_cases(manager: UserView) -> Listing:
    with session_scope() as db:
        views = disputes.open_cases(db, manager=manager)
    return Listing([v.case.reference for v in views], [dispute_row(i, v) for i, v in enumerate(views)])


def _decide(manager: UserView, reference: str, refund: bool, note: str) -> str:
    with session_scope() as db:
        if refund:
            done = disputes.refund(db, manager=manager, reference=reference, note=note)
        else:
            done = disputes.reject(db, manager=manager, reference=reference, note=note)
    return f"Case {done.case.reference} {done.case.status}."


class DisputeConsoleState(DecisionQueue, AuthState):
    """The open dispute cases and the manager's note for the next decision."""

    cases: list[DisputeRow] = []

    _desk: ClassVar[Desk] = Desk(
        listed=_open_cases, decide=_decide, note_chars=MAX_NOTE, gone="That case is no longer listed."
    )

    def _show(self, rows: list[DisputeRow]) -> None:
        self.cases = rows

    @rx.event
    async def refund(self, ref: int) -> Answer:
        """Refund the case at ``ref``: the amount back to the customer's account, once."""
        return await self._decide(ref, True)
