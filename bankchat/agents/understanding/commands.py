"""What the understanding stage makes of a message: an ordered list of commands, not one label.

Like Rasa CALM's commands: "check my balance and freeze my debit card" is two ``StartFlow``
commands; "no wait, make it 40" while a transfer waits is one ``SetSlots``; "my card was
stolen" while a transfer waits is an urgent ``StartFlow`` that puts the transfer aside.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bankchat.agents.types import Subject


@dataclass(frozen=True)
class StartFlow:
    """Start flow ``flow`` with whatever slots the text names."""

    flow: str
    text: str
    """The words the slots are read from (one part of a message that asked for two things)."""
    confidence: float = 1.0
    inherit: Subject | None = None
    """A follow-up ("and for coffee?") starts from the last answer's slots."""
    fresh: bool = False
    """A second request of the same message: never merged into a step waiting from before."""
    queued: bool = False
    """Read back only after the step before it is answered, even an urgent flow ("both": each card in turn)."""
    given: tuple[tuple[str, str], ...] = ()
    """Slot values as words, by slot name (the optional LLM quotes them); resolved like the text."""
    refers: Subject | None = None
    """What "it" points at ("freeze it"): slots still missing are taken from it, by kind."""
    ellipsis: bool = False
    """The same question as the command before, about what this text names ("... and also on coffee")."""


@dataclass(frozen=True)
class SetSlots:
    """Fill or correct slots of the waiting flow ("make it 40", "from savings instead", "the debit one")."""

    text: str
    given: tuple[tuple[str, str], ...] = ()
    """Slot values as words, by slot name (the optional LLM quotes them); resolved like the text."""
    swapped: Subject | None = None
    """The waiting step's slots with one already changed ("no, the other one": the customer's other card)."""


@dataclass(frozen=True)
class Confirm:
    """A clear yes to the waiting read-back."""


@dataclass(frozen=True)
class Approve:
    """The customer's strong authentication for the waiting step's approval: an authenticator app's code, or
    (``code`` empty) word that their passkey has signed it; the engine verifies it, never the words."""

    code: str = ""


@dataclass(frozen=True)
class Cancel:
    """A no, or a cancel, to the waiting flow."""

    everything: bool = False
    """ "cancel both": the requests queued behind it (the second transfer of the message) go too."""
    queued_only: bool = False
    """ "no, just the bob one" (Bob's being read back): only the requests queued behind it go; it still waits."""


@dataclass(frozen=True)
class Hold:
    """A question or a doubt at a read-back ("is that right?", "not sure yet"): nothing happens."""

    unsent: bool = False
    """The customer asked whether it went through ("did that go thru?"): it has not, it waits."""
    be_sure: bool = False
    """A bare "ok" after "take your time": a clear yes is asked for before anything happens."""


@dataclass(frozen=True)
class Knowledge:
    """A question for the knowledge base, by topic."""

    topic: str
    confidence: float


@dataclass(frozen=True)
class ChitChat:
    """Greeting, thanks, bye, "are you a bot?", "what can you do?", or a yes/no with nothing waiting."""

    kind: str
    confidence: float = 1.0


@dataclass(frozen=True)
class HandOff:
    """The customer wants a person."""

    confidence: float = 1.0


@dataclass(frozen=True)
class OutOfScope:
    """Not something a bank's assistant does (weather, jokes, recipes)."""

    confidence: float = 1.0


@dataclass(frozen=True)
class Clarify:
    """Too vague to act on: ask, offering the likeliest options."""

    options: tuple[str, ...] = field(default_factory=tuple)
    """Intents or flows to offer, likeliest first."""
    confidence: float = 0.0
    intent: str = "unknown"
    """The best guess, for the trace."""


Command = (
    StartFlow | SetSlots | Confirm | Approve | Cancel | Hold | Knowledge | ChitChat | HandOff | OutOfScope | Clarify
)
"""Anything the understanding stage may return."""
