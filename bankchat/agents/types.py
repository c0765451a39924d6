"""The one narrow interface between ChatService and the agents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol


@dataclass(frozen=True)
class Customer:
    """Who is talking: enough to address them and to scope every lookup."""

    user_id: int
    """The signed-in user's ID; every tool acts only on this user's data."""
    display_name: str
    """How to greet them."""


@dataclass(frozen=True)
class Subject:
    """What an answer was about (a flow and its slots), so a follow-up can reuse it ("and for coffee?")."""

    flow: str
    """The flow that answered."""
    slots: dict[str, Any] = field(default_factory=dict)
    """Its slots, in their JSON form."""
    items: tuple[Subject, ...] = ()
    """The rows of a list the answer showed, in order, each as the subject of asking about it alone:
    "the 2nd one" after a list of transactions is that transaction's details."""

    def to_json(self) -> dict[str, Any]:
        """A JSON-compatible copy, stored in the reply's trace."""
        stored: dict[str, Any] = {"flow": self.flow, "slots": dict(self.slots)}
        if self.items:
            stored["items"] = [item.to_json() for item in self.items]
        return stored

    @classmethod
    def from_json(cls, data: object) -> Subject | None:
        """The subject stored as ``data``; None when there is none or it is malformed."""
        if not isinstance(data, dict) or not isinstance(data.get("flow"), str):
            return None
        slots = data.get("slots")
        rows = data.get("items")
        items = tuple(i for i in map(cls.from_json, rows if isinstance(rows, list) else ()) if i is not None)
        return cls(flow=data["flow"], slots=dict(slots) if isinstance(slots, dict) else {}, items=items)


@dataclass(frozen=True)
class HistoryItem:
    """One earlier message of the conversation."""

    role: str
    """``user``, ``assistant`` or ``staff``."""
    content: str
    """The message text."""
    agent: str | None = None
    """The agent that wrote it, for bot replies."""
    subject: Subject | None = None
    """What a bot reply was about, for follow-ups."""


@dataclass(frozen=True)
class PendingStep:
    """A task half-way through (a transfer waiting for its amount or its confirmation).

    Stored in the database with the conversation, so any worker continues it after any restart.
    """

    flow: str
    """Which specialist owns it, e.g. ``transfer`` or ``report_lost``."""
    stage: str
    """Where the flow is, e.g. ``collect`` or ``confirm``."""
    slots: dict[str, Any] = field(default_factory=dict)
    """What is known so far (JSON-compatible values only)."""
    key: str = ""
    """The idempotency key the action will use once confirmed."""
    asking: str = ""
    """The slot the last question asked for (a bare "savings" answers it)."""
    after: PendingStep | None = None
    """A step put aside by this one (an urgent flow pre-empted it); offered again when this one ends."""
    reminded: int = field(default=0, compare=False)
    """How many replies in a row ended with a reminder of it (the customer talking of other things): bookkeeping,
    not part of what the step is, so it does not count in equality."""
    held: bool = field(default=False, compare=False)
    """The customer doubted its read-back ("is that right?") and was told to take their time: a bare "ok" next
    is an acknowledgement, not a yes (bookkeeping, like ``reminded``)."""

    warned: bool = False
    """The flow's ``second_look`` warning was shown after the first yes: the next clear yes acts."""
    approval: str = ""
    """At stage ``approve``: the public ID of the approval (``bank/approvals.py``) the step waits for."""

    def to_json(self) -> dict[str, Any]:
        """A JSON-compatible copy for the database."""
        data: dict[str, Any] = {"flow": self.flow, "stage": self.stage, "slots": dict(self.slots), "key": self.key}
        if self.asking:
            data["asking"] = self.asking
        if self.after is not None:
            data["after"] = self.after.to_json()
        if self.reminded:
            data["reminded"] = self.reminded
        if self.held:
            data["held"] = True
        if self.warned:
            data["warned"] = True
        if self.approval:
            data["approval"] = self.approval
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any] | None, depth: int = 0) -> PendingStep | None:
        """The step stored as ``data``; None when there is none or it is malformed."""
        if not isinstance(data, dict) or not isinstance(data.get("flow"), str) or depth > MAX_PUT_ASIDE:
            return None
        slots = data.get("slots")
        after = data.get("after")
        return cls(
            flow=data["flow"],
            stage=str(data.get("stage", "")),
            slots=dict(slots) if isinstance(slots, dict) else {},
            key=str(data.get("key", "")),
            asking=str(data.get("asking", "")),
            after=cls.from_json(after, depth + 1) if isinstance(after, dict) else None,
            reminded=reminded if isinstance(reminded := data.get("reminded", 0), int) else 0,
            held=data.get("held") is True,
            warned=data.get("warned") is True,
            approval=str(data.get("approval", "")),
        )


MAX_PUT_ASIDE = 3
"""How many waiting steps may be put aside behind one another (the rest are dropped, never acted on)."""


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
    pending: PendingStep | None = None
    """The task waiting for this customer's answer, if any."""
    today: date | None = None
    """The customer's current date (tests pin it); None means today in UTC."""
    on_token: Callable[[str], None] | None = field(default=None, compare=False, repr=False)
    """Called with each piece of a reply that is streamed (the optional LLM); None: nobody listens."""


@dataclass(frozen=True)
class Reply:
    """What the agents answer, with the trace stored beside it."""

    content: str
    """Markdown text shown to the customer."""
    agent: str
    """The specialist that answered (shown as a badge)."""
    intent: str
    """What the reply did: the flow that answered, a knowledge topic, a chit-chat kind, ``clarify``, ``hold`` …"""
    confidence: float
    """The router's confidence in ``intent``, 0 to 1."""
    actions: list[dict[str, Any]] = field(default_factory=list)
    """What the agent did (tools called, guardrails tripped)."""
    pending: PendingStep | None = None
    """The task left waiting after this reply (None: nothing is waiting)."""
    subject: Subject | None = None
    """What the reply was about, for the next message's follow-ups."""
    quick_replies: tuple[str, ...] = ()
    """Answers offered as buttons under the reply ("Yes", "No", the choices it names)."""


class Orchestrator(Protocol):
    """Anything that turns a ``Turn`` into a ``Reply``."""

    @property
    def streams(self) -> bool:
        """Whether a reply may arrive piece by piece through ``Turn.on_token`` (an LLM phrases some)."""
        ...

    def respond(self, turn: Turn) -> Reply:
        """Answer one turn."""
        ...
