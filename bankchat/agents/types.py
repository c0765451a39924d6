"""The one narrow interface between ChatService and the agents."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Customer:
    """Who is talking: enough to address them and to scope every lookup."""

    user_id: int
    """The signed-in user's ID; every tool acts only on this user's data."""
    display_name: str
    """How to greet them."""


@dataclass(frozen=True)
class HistoryItem:
    """One earlier message of the conversation."""

    role: str
    """``user``, ``assistant`` or ``staff``."""
    content: str
    """The message text."""
    agent: str | None = None
    """The agent that wrote it, for bot replies."""


@dataclass(frozen=True)
class Turn:
    """A customer's message and its context."""

    session_id: str
    """The conversation's one ID, issued by SessionManager."""
    customer: Customer
    """The signed-in customer."""
    text: str
    """What they just wrote."""
    history: tuple[HistoryItem, ...] = ()
    """Recent messages before this one, oldest first."""


@dataclass(frozen=True)
class Reply:
    """What the agents answer, with the trace stored beside it."""

    content: str
    """Markdown text shown to the customer."""
    agent: str
    """The specialist that answered (shown as a badge)."""
    intent: str
    """The intent the router chose."""
    confidence: float
    """The router's confidence in ``intent``, 0 to 1."""
    actions: list[dict[str, Any]] = field(default_factory=list)
    """What the agent did (tools called, guardrails tripped)."""


class Orchestrator(Protocol):
    """Anything that turns a ``Turn`` into a ``Reply``."""

    def respond(self, turn: Turn) -> Reply:
        """Answer one turn."""
        ...
