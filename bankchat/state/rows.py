"""What the chat page shows: small, flat rows (no hashes, no session IDs)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from bankchat.services import MessageView, SessionView


@dataclasses.dataclass
class ChatMessage:
    """One message on screen."""

    key: str = ""
    """A stable key for the list: the client message ID or ``m<id>``."""
    role: str = "user"
    """``user``, ``assistant`` or ``staff``."""
    content: str = ""
    agent: str = ""
    """The replying agent (shown as a badge)."""
    time: str = ""
    """HH:MM in UTC."""
    status: str = "sent"
    """``sent``, ``pending`` (on its way) or ``failed`` (can be retried)."""


@dataclasses.dataclass
class SessionItem:
    """One conversation in the sidebar, addressed by its position (``ref``)."""

    ref: int = 0
    title: str = ""
    subtitle: str = ""
    active: bool = False


def message_row(m: MessageView) -> ChatMessage:
    """A stored message as a row."""
    return ChatMessage(
        key=m.client_message_id if m.role == "user" and m.client_message_id else f"m{m.id}",
        role=m.role,
        content=m.content,
        agent=m.agent or "",
        time=m.created_at.astimezone(UTC).strftime("%H:%M"),
    )


def _ago(when: datetime) -> str:
    seconds = int((datetime.now(UTC) - when).total_seconds())
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    return when.strftime("%d %b")


def session_item(ref: int, s: SessionView, active_id: str) -> SessionItem:
    """A conversation as a sidebar row."""
    count = s.message_count
    label = "no messages yet" if count == 0 else f"{count} message{'s' if count != 1 else ''}"
    return SessionItem(
        ref=ref, title=s.title, subtitle=f"{label} · {_ago(s.last_activity_at)}", active=s.session_id == active_id
    )
