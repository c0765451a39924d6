"""What the chat page shows: small, flat rows (no hashes, no session IDs)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from datetime import UTC, datetime

from bankchat.services import MessageView, SessionView
from bankchat.state.positions import ListedRow

PUBLIC_ROW_KEY = re.compile(r"m[A-Za-z0-9_-]{1,64}")
"""A stored message's row key: ``m`` and its public ID."""


@dataclasses.dataclass
class ChatMessage:
    """One message on screen: a MessageView made fit for the browser (no row or session IDs, text ready to show).

    Reflex sends every field to the browser, so this is its own declaration rather than the view;
    ``tests/state/test_rows.py`` checks that each of the view's fields is shown here or left out by name.
    """

    key: str = ""
    """A stable key for the list: the client message ID or ``m<public ID>``."""
    id: str = ""
    """The stored message's public ID (empty while it is on its way); never the row's integer ID."""
    role: str = "user"
    """``user``, ``assistant`` or ``staff``."""
    content: str = ""
    agent: str = ""
    """The replying agent (shown as a badge)."""
    time: str = ""
    """HH:MM in UTC."""
    status: str = "sent"
    """``sent``, ``pending`` (on its way) or ``failed`` (can be retried)."""
    trace: str = ""
    """Why the bot answered so (intent, confidence, actions), shown on demand."""
    feedback: str = ""
    """The customer's rating of a bot reply: ``up``, ``down`` or empty."""
    quick_replies: list[str] = dataclasses.field(default_factory=list)
    """Answers the reply offers as buttons (shown only under the latest reply)."""


@dataclasses.dataclass
class SessionItem(ListedRow):
    """One conversation in the sidebar."""

    title: str = ""
    subtitle: str = ""


def message_row(m: MessageView, ratings: Mapping[int, str] | None = None) -> ChatMessage:
    """A stored message as a row; ``ratings`` holds the customer's feedback by message ID."""
    return ChatMessage(
        key=m.client_message_id if m.role == "user" and m.client_message_id else f"m{m.public_id}",
        id=m.public_id,
        role=m.role,
        content=m.content,
        agent=m.agent or "",
        time=m.created_at.astimezone(UTC).strftime("%H:%M"),
        trace=trace_text(m) if m.role == "assistant" else "",
        feedback=(ratings or {}).get(m.id, ""),
        quick_replies=_quick_replies(m),
    )


def _quick_replies(m: MessageView) -> list[str]:
    offered = m.trace.get("quick_replies") if m.role == "assistant" and isinstance(m.trace, dict) else None
    return [str(q)[:80] for q in offered[:4] if isinstance(q, str)] if isinstance(offered, list) else []


def message_id_of(key: object) -> str | None:
    """The public message ID behind a row key (``m<public ID>``), or None for anything else."""
    if not isinstance(key, str) or not PUBLIC_ROW_KEY.fullmatch(key):
        return None
    return key[1:]


def _action_text(action: dict) -> str:
    name = str(action.get("tool") or action.get("guardrail") or "action")
    details = [f"{k}={v}" for k, v in action.items() if k not in ("tool", "guardrail") and v not in (None, "", [])]
    return name + (f" ({', '.join(details)})" if details else "")


def trace_text(m: MessageView) -> str:
    """The reply's trace in a few readable lines."""
    lines = [f"Agent: {m.agent or '-'}", f"Intent: {m.intent or '-'}"]
    if m.confidence is not None:
        lines.append(f"Confidence: {m.confidence:.0%}")
    actions = m.trace.get("actions") if isinstance(m.trace, dict) else None
    if isinstance(actions, list) and actions:
        lines.append("Actions: " + "; ".join(_action_text(a) for a in actions if isinstance(a, dict)))
    return "\n".join(lines)


def _when(moment: datetime) -> str:
    """A short, absolute time (it stays true while the list is not re-read): 07:05, Yesterday, 25 Nov."""
    now, moment = datetime.now(UTC), moment.astimezone(UTC)
    if moment.date() == now.date():
        return f"Today {moment:%H:%M}"
    if (now.date() - moment.date()).days == 1:
        return f"Yesterday {moment:%H:%M}"
    return moment.strftime("%d %b %Y" if moment.year != now.year else "%d %b")


def session_item(ref: int, s: SessionView) -> SessionItem:
    """A conversation as a sidebar row (the list is not re-sent per message, so no live counts)."""
    subtitle = "No messages yet" if s.message_count == 0 else _when(s.last_activity_at)
    return SessionItem(ref=ref, title=s.title, subtitle=subtitle)
