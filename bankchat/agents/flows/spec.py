"""How a flow is declared: typed slots, the questions, the read-back, the action.

A flow is data, like an agent in OpenAI's agents SDK: one ``Flow`` per file under
``bankchat/agents/flows/``, run by one engine (``engine.py``): collect the required slots,
check them, read them back and wait for a clear yes when the flow moves money or can't be
undone, then act. Adding a flow is one new file and one line in ``flows/__init__.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import InitVar, dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlmodel import Session as Db

from bankchat.agents.flows.values import SlotValue, from_json, to_json
from bankchat.agents.types import Customer, Subject, Turn
from bankchat.bank.approvals import Operation

T = TypeVar("T")


@dataclass(frozen=True)
class Slot:
    """One typed piece of information a flow needs or can use."""

    name: str
    """The slot's name in the flow (``amount``, ``source`` ...)."""
    kinds: tuple[type, ...]
    """The value types it accepts (``Money``, ``AccountRef`` ...)."""
    fills: tuple[str, ...] = ()
    """Entities that fill it whenever the customer names them (see ``understanding.entities``)."""
    answers: tuple[str, ...] = ()
    """Entities that fill it only when it is the slot just asked for ("savings" answers "from which account?")."""
    required: bool = False
    """Whether the flow cannot act without it (the engine asks for it)."""
    group: str = ""
    """Slots of one group replace each other: a new merchant clears the category."""
    description: str = ""
    """What it means, for people and for the optional LLM's function schema."""
    reads: Callable[[str], bool] | None = None
    """Recognises the customer's own words as the answer when this slot was just asked, or as a correction while
    the step waits, where no entity names it ("the 15th" for a day of the month, "until June" for an end date);
    the flow's ``prepare`` then reads them from the message."""
    quoted: Callable[[str], SlotValue | None] | None = None
    """Reads the customer's words for it when they come quoted alone (the optional LLM's arguments) and are the
    value as they stand, like a payment reference; None: they are read as entities, like any message."""


@dataclass(frozen=True)
class Filled:
    """The slot values known so far: typed values by slot name."""

    values: Mapping[str, SlotValue] = field(default_factory=dict)

    def get(self, name: str, kind: type[T]) -> T | None:
        """The value of slot ``name`` if it is a ``kind``, else None."""
        value = self.values.get(name)
        return value if isinstance(value, kind) else None

    def has(self, name: str) -> bool:
        """Whether slot ``name`` has a value."""
        return name in self.values

    def with_values(self, changes: Mapping[str, SlotValue | None], slots: tuple[Slot, ...] = ()) -> Filled:
        """A copy with ``changes`` applied (None removes a slot; a new value clears its group)."""
        values = dict(self.values)
        groups = {s.name: s.group for s in slots}
        for name, value in changes.items():
            if value is None:
                values.pop(name, None)
                continue
            if groups.get(name):
                for other, group in groups.items():
                    if group == groups[name] and other != name:
                        values.pop(other, None)
            values[name] = value
        return Filled(values)

    def without(self, *names: str) -> Filled:
        """A copy without the slots ``names``."""
        return Filled({k: v for k, v in self.values.items() if k not in names})

    def to_json(self) -> dict[str, Any]:
        """The JSON form stored with a waiting step."""
        return {name: to_json(value) for name, value in self.values.items()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None, slots: tuple[Slot, ...]) -> Filled:
        """The values stored as ``data``, keeping only declared slots of the declared kinds."""
        kinds = {s.name: s.kinds for s in slots}
        values: dict[str, SlotValue] = {}
        for name, raw in (data or {}).items():
            value = from_json(raw)
            if name in kinds and value is not None and isinstance(value, kinds[name]):
                values[name] = value
        return cls(values)


@dataclass
class FlowContext:
    """Everything a flow's functions may use during one turn (one database session for the whole turn)."""

    db: Db
    """The turn's database session."""
    turn: Turn
    """The customer's message and its context."""
    key: str = ""
    """The idempotency key of a confirmed action (set by the engine from the waiting step)."""

    @property
    def customer(self) -> Customer:
        """Who is talking."""
        return self.turn.customer

    @property
    def owner(self) -> int:
        """The customer's user ID: every lookup is scoped to it."""
        return self.turn.customer.user_id

    @property
    def today(self) -> date:
        """The customer's today (tests pin it)."""
        return self.turn.today or datetime.now(UTC).date()


@dataclass(frozen=True)
class Problem:
    """Why the slots cannot be used as they are: the slot to ask for again, and what to tell the customer."""

    slot: str | None
    """The slot to clear and ask for again; None ends the flow with ``message``."""
    message: str
    """What went wrong, in a sentence."""


@dataclass(frozen=True)
class Outcome:
    """What a flow's action did."""

    text: str
    """The answer, in Markdown."""
    actions: tuple[dict[str, Any], ...] = ()
    """The tools called and their results, for the trace."""
    items: tuple[Subject, ...] = ()
    """A list's rows, each as the subject of asking about it alone (see ``Subject.items``)."""
    offer: Subject | None = None
    """A step the answer offers next, waiting for a yes (a card freeze after a dispute); the flow acts on the yes,
    a no leaves it be."""


@dataclass(frozen=True)
class Flow:
    """A declared flow: what it is for, what it needs, how it reads back and what it does."""

    name: str
    """Unique name, stored with a waiting step."""
    purpose: str
    """One line: what the flow does for the customer."""
    agent: str
    """The specialist shown as the reply's badge (``accounts``, ``transfers``, ``cards`` ...)."""
    act: Callable[[FlowContext, Filled], Outcome]
    """Does the work once the slots are complete (and confirmed, if ``confirm``)."""
    starts: InitVar[frozenset[str] | None] = None
    """Classifier intents that start it (becomes ``starts_on``); unsaid: the intent of the flow's own
    name ("fees" starts ``fees``); an empty set: none (it is started only by another's answer)."""
    slots: tuple[Slot, ...] = ()
    """Its typed slots, in the order they are asked for."""
    confirm: bool = False
    """Read back and wait for a clear yes before acting (money, irreversible actions)."""
    urgent: bool = False
    """Pre-empts a waiting flow (a lost card is blocked while a transfer waits)."""
    stops_payments: bool = False
    """Once it acts, every payment still waiting is set aside, nothing of it sent (suspected fraud: no money
    moves on a yes said while the fraud team looks)."""
    prepare: Callable[[FlowContext, Filled], Filled] | None = None
    """Fills defaults before anything is asked (the usual source account)."""
    ask: Callable[[FlowContext, Filled, Slot], str | Problem] | None = None
    """The question for a missing slot (default: the slot's description); a ``Problem`` ends the flow."""
    check: Callable[[FlowContext, Filled], Problem | None] | None = None
    """Validates complete slots before the read-back (enough money, a known payee)."""
    read_back: Callable[[FlowContext, Filled], str] | None = None
    """The read-back shown before a confirmation, ending with the yes/no question."""
    second_look: Callable[[FlowContext, Filled], str | None] | None = None
    """A warning to read after the first yes, before acting (a first large payment to a payee: common scams); the
    step then waits for a second, explicit yes. None, or a function that returns None: the first yes acts."""
    approval: Callable[[FlowContext, Filled], Operation | None] | None = None
    """The operation the customer must approve with a passkey or an authenticator app before it acts (a large
    payment, one to a new payee), bound to exactly these slots; None, or a function that returns None: no
    approval."""
    hold: Callable[[FlowContext, Filled], str] | None = None
    """What to say when the customer neither confirms nor cancels (nothing happens)."""
    waiting: Callable[[FlowContext, Filled], str] | None = None
    """How to name the waiting step in a reminder ("your transfer of £30.00"; default: "what we started")."""
    cancelled: str = "Okay, I've stopped that. Nothing was changed."
    """The answer to a cancel."""
    assent: tuple[str, ...] = ()
    """Instructions that confirm this read-back as plainly as a yes ("block it", "send it")."""
    starts_on: frozenset[str] = field(init=False)
    """Classifier intents that start it (see ``starts``)."""

    def __post_init__(self, starts: frozenset[str] | None) -> None:
        object.__setattr__(self, "starts_on", frozenset({self.name}) if starts is None else starts)

    def slot(self, name: str) -> Slot | None:
        """The declared slot called ``name``."""
        return next((s for s in self.slots if s.name == name), None)

    def missing(self, filled: Filled) -> Slot | None:
        """The first required slot without a value."""
        return next((s for s in self.slots if s.required and not filled.has(s.name)), None)
