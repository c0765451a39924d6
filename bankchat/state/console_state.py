"""ConsoleState: the manager console. Manager role only; session IDs stay on the server.

The role is the services' rule: every call passes the signed-in user on, and a
``NotAManager`` from them sends the caller back to their own chat (``as_manager``).

The console refreshes every few seconds while open (active conversations, the
hand-off queue, the audit log and the open transcript's new messages). Opening
a transcript is written to the audit log; the refreshes of the one on screen
are not new looks and are not.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
from datetime import UTC, datetime

import reflex as rx

from bankchat.errors import BankChatError, NotAManager
from bankchat.services import UserView
from bankchat.settings import get_settings
from bankchat.state import console_calls as calls
from bankchat.state.auth_state import AuthState
from bankchat.state.console_rows import (
    AuditRow,
    MismatchRow,
    QueueRow,
    SessionRow,
    TranscriptRow,
    audit_row,
    mismatch_rows,
    queue_row,
    session_row,
    short_id,
    transcript_row,
)
from bankchat.state.inputs import bounded_text
from bankchat.state.manager_only import REFUSED_PAGE, as_manager
from bankchat.state.positions import at_position


class ConsoleState(AuthState):
    """Live conversations, the hand-off queue, one transcript, the audit log and sync health."""

    sessions: list[SessionRow] = []
    queue: list[QueueRow] = []
    audit: list[AuditRow] = []
    loaded: bool = False

    transcript: list[TranscriptRow] = []
    transcript_title: str = ""
    transcript_customer: str = ""
    transcript_session: str = ""
    """A shortened session ID, for the manager's reference."""
    handoff: str = ""
    held_by_me: bool = False
    staff_draft: str = ""

    sync_status: str = ""
    """``ok`` or ``mismatch`` (empty before the first check)."""
    sync_summary: str = ""
    sync_mismatches: list[MismatchRow] = []

    _session_refs: list[str] = []
    _queue_refs: list[str] = []
    _open_id: str = ""
    _last_id: int = 0
    _customer: str = ""

    @rx.event
    async def open_console(self) -> rx.event.EventSpec | None:
        """On page load: managers only (a customer gets their chat, anyone else the sign-in)."""
        user = await self._current_user()
        if user is None:
            return rx.redirect("/login")
        try:
            await self._load_overview(user)
            await self._check_sync(user)
            if self._open_id:
                await self._load_transcript(user, audited=False, fresh=True)
        except NotAManager:
            return rx.redirect(REFUSED_PAGE)
        self.loaded = True
        return None

    @rx.event
    async def refresh(self, _tick: str = "") -> rx.event.EventSpec | None:
        """The periodic refresh (and the "Refresh" button)."""
        return await as_manager(self, self._reload)

    async def _reload(self, user: UserView) -> None:
        await self._load_overview(user)
        if self._open_id:
            await self._load_transcript(user, audited=False, fresh=False)

    async def _load_overview(self, user: UserView) -> None:
        view = await asyncio.to_thread(calls.overview, user)
        self._session_refs = [s.session_id for s in view.sessions]
        self._queue_refs = [h.session_id for h in view.queue]
        self.sessions = [session_row(i, s, self._open_id) for i, s in enumerate(view.sessions)]
        self.queue = [queue_row(i, h, self._open_id) for i, h in enumerate(view.queue)]
        self.audit = [audit_row(e) for e in view.audit]

    async def _load_transcript(self, user: UserView, *, audited: bool, fresh: bool) -> None:
        after = 0 if fresh else self._last_id
        t = await asyncio.to_thread(calls.transcript, user, self._open_id, after, audited)
        rows = [transcript_row(m, t.customer_name) for m in t.messages]
        if fresh:
            self.transcript = rows
        else:
            shown = {r.key for r in self.transcript}
            self.transcript.extend(r for r in rows if r.key not in shown)
        self._last_id = max([self._last_id if not fresh else 0, *(m.id for m in t.messages)])
        self.transcript_title, self.transcript_customer = t.title, f"{t.customer_name} ({t.customer})"
        self.transcript_session = short_id(t.session_id)
        self.handoff = t.handoff
        self.held_by_me = t.handoff == "claimed" and t.claimed_by_id == user.id

    async def _open(self, session_id: str | None) -> rx.event.EventSpec | None:
        return await as_manager(self, functools.partial(self._show, session_id))

    async def _show(self, session_id: str | None, user: UserView) -> rx.event.EventSpec | None:
        if session_id is None:
            return rx.toast.error("That conversation is no longer listed.")
        self._open_id, self.staff_draft = session_id, ""
        try:
            await self._load_transcript(user, audited=True, fresh=True)
        except BankChatError as exc:
            self._open_id = ""
            if isinstance(exc, NotAManager):
                raise
            return rx.toast.error(exc.detail)
        await self._load_overview(user)
        return None

    @rx.event
    async def open_session(self, ref: int) -> rx.event.EventSpec | None:
        """Read a live conversation (written to the audit log)."""
        return await self._open(at_position(self._session_refs, ref))

    @rx.event
    async def open_handoff(self, ref: int) -> rx.event.EventSpec | None:
        """Read a queued conversation (written to the audit log)."""
        return await self._open(at_position(self._queue_refs, ref))

    @rx.event
    def close_transcript(self) -> None:
        self._open_id, self.transcript, self.handoff, self.held_by_me = "", [], "", False
        self.sessions = [dataclasses.replace(s, selected=False) for s in self.sessions]
        self.queue = [dataclasses.replace(q, selected=False) for q in self.queue]

    async def _act(self, action: str) -> rx.event.EventSpec | None:
        return await as_manager(self, functools.partial(self._do, action))

    async def _do(self, action: str, user: UserView) -> rx.event.EventSpec | None:
        if not self._open_id:
            return None
        try:
            if action == "claim":
                await asyncio.to_thread(calls.claim, user, self._open_id)
            elif action == "reply":
                await asyncio.to_thread(calls.reply, user, self._open_id, self.staff_draft)
                self.staff_draft = ""
            else:
                await asyncio.to_thread(calls.hand_back, user, self._open_id)
        except NotAManager:
            raise  # the guard's to answer, not a toast
        except BankChatError as exc:
            return rx.toast.error(exc.detail)
        await self._load_transcript(user, audited=False, fresh=False)
        await self._load_overview(user)
        return rx.set_focus("staff-input") if action != "hand_back" else None

    @rx.event
    async def claim(self) -> rx.event.EventSpec | None:
        """Take the conversation over: the bot goes quiet, the customer is told a person joined."""
        return await self._act("claim")

    @rx.event
    def set_staff_draft(self, value: str) -> rx.event.EventSpec | None:
        """Keep the staff reply's text (managers' tabs only, bounded like a message)."""
        if self.role != "manager" or not isinstance(value, str):
            return None
        draft, problem = bounded_text(value, get_settings().max_message_chars)
        self.staff_draft = draft
        return rx.toast.error(problem) if problem else None

    @rx.event
    async def send_staff(self, form_data: dict | None = None) -> rx.event.EventSpec | None:
        """Write to the customer as BankChat staff."""
        if not self.staff_draft.strip():
            return None
        return await self._act("reply")

    @rx.event
    async def hand_back(self) -> rx.event.EventSpec | None:
        """Give the conversation back to the bot."""
        return await self._act("hand_back")

    async def _check_sync(self, user: UserView) -> None:
        report = await asyncio.to_thread(calls.sync_check, user)
        self.sync_status = "ok" if report.ok else "mismatch"
        when = datetime.now(UTC).strftime("%H:%M:%S")
        self.sync_summary = (
            f"{report.sessions} sessions, {report.chat_sessions} chat sessions, "
            f"{report.mismatch_count} mismatch{'es' if report.mismatch_count != 1 else ''} (checked {when} UTC)"
        )
        self.sync_mismatches = mismatch_rows(report)

    @rx.event
    async def check_sync(self) -> rx.event.EventSpec | None:
        """Run the session sync check now."""
        return await as_manager(self, self._check_sync)

    @rx.event
    async def export_audit(self) -> rx.event.EventSpec | None:
        """Download the audit log as CSV (the export is audited too)."""
        return await as_manager(self, self._export_audit)

    async def _export_audit(self, user: UserView) -> rx.event.EventSpec:
        data = await asyncio.to_thread(calls.audit_csv, user)
        await self._load_overview(user)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
        return rx.download(data=data, filename=f"bankchat-audit-{stamp}.csv")
