"""``DecisionQueue``: a console list a manager decides item by item (disputes, held payments). Managers only.

A mixin of the queue states (``DisputeConsoleState``, ``ReviewConsoleState``). The items are listed
oldest first and refreshed while the console is open; each is addressed by position (``ref``). The
manager says yes to one (a refund, a payment sent: once; a second click is told it was decided) or
rejects one with the note, which the services require. What a queue differs in, its service calls
and its words, it declares in ``_desk``; its rows it shows in ``_show``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import reflex as rx

from bankchat.errors import BankChatError, NotAManager
from bankchat.services import UserView
from bankchat.state.console_rows import DecisionRow
from bankchat.state.inputs import bounded_text, sentence
from bankchat.state.manager_only import Answer, as_manager
from bankchat.state.positions import at_position


@dataclasses.dataclass(frozen=True)
class Listing:
    """The open items, oldest first: the references the server keeps and the rows the browser sees."""

    references: list[str]
    rows: list[DecisionRow]
    """One per reference, with its position as ``ref``: the queue's own ``DecisionRow`` (a dispute, a payment)."""


@dataclasses.dataclass(frozen=True)
class Desk:
    """What one decision queue is made of: blocking service calls (run in a worker thread) and its words."""

    listed: Callable[[UserView], Listing]
    """The open items for this manager (``NotAManager`` for anyone else)."""
    decide: Callable[[UserView, str, bool, str], str]
    """Say yes (``True``) or no to the item with this reference, with the note; what to tell the manager."""
    note_chars: int
    """The longest note the services keep."""
    gone: str
    """What to say when the position clicked lists nothing (any more)."""


class DecisionQueue(rx.State, mixin=True):
    """The items of one queue (kept server-side) and the manager's note for the next decision."""

    note: str = ""
    _refs: list[str] = []

    if TYPE_CHECKING:  # what the queue state it is mixed into (an ``AuthState``) provides
        _desk: ClassVar[Desk]
        """The queue's calls and words."""

        role: str

        async def _current_user(self) -> UserView | None: ...

        def _show(self, rows: list[Any]) -> None:
            """Put the rows on screen (each queue keeps them in its own list var)."""

    async def _load(self, user: UserView) -> Answer:
        listing = await asyncio.to_thread(self._desk.listed, user)
        self._refs = listing.references
        self._show(listing.rows)
        return None

    async def _decide(self, ref: object, yes: bool) -> Answer:
        """Decide the item at ``ref`` for the signed-in manager: yes, or no with the note."""
        return await as_manager(self, functools.partial(self._decide_as, ref, yes))

    async def _decide_as(self, ref: object, yes: bool, user: UserView) -> Answer:
        reference = at_position(self._refs, ref)
        if reference is None:
            return rx.toast.error(self._desk.gone)
        try:
            done = await asyncio.to_thread(self._desk.decide, user, reference, yes, self.note)
        except NotAManager:
            raise  # the guard's to answer, not a toast
        except BankChatError as exc:
            await self._load(user)
            return rx.toast.error(sentence(exc.detail))
        self.note = ""
        await self._load(user)
        return rx.toast.success(done)

    @rx.event
    async def refresh(self, _tick: str = "") -> Answer:
        """Load the open items (on mount, and every few seconds)."""
        return await as_manager(self, self._load)

    @rx.event
    def set_note(self, value: str) -> Answer:
        """Keep the note for the next decision (managers' tabs only, bounded)."""
        if self.role != "manager" or not isinstance(value, str):
            return None
        self.note, problem = bounded_text(value, self._desk.note_chars)
        return rx.toast.error(problem) if problem else None

    @rx.event
    async def reject(self, ref: int) -> Answer:
        """Reject the item at ``ref`` with the note (required)."""
        return await self._decide(ref, False)
