"""The state machine's model of the world: what customers say, and what the machine remembers.

Kept apart from the machine so the rules read as steps and checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

from bankchat import errors
from bankchat.settings import get_settings

PHRASES = (
    "send 25 to savings",
    "yes",
    "no",
    "what's my balance",
    "hi",
    "help",
    "show my last 5 transactions",
    "pay my landlord 20",
    "send 900000 to savings",
    "make it 35",
    "cancel",
    "yes please",
    "send 15 pounds",
    "savings",
    "   ",
    "x" * 4001,
)
phrases = st.one_of(st.sampled_from(PHRASES), st.integers(1, 400).map(lambda n: f"send {n} to savings"))
unicode_texts = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30)
"""Any text but lone surrogates, which ChatService does not refuse itself (the API's schema does)."""
texts = st.one_of(phrases, unicode_texts)
BAD_CLIENT_IDS = ("", "x" * 65, "line\nbreak")
client_ids = st.tuples(st.integers(0, 9), st.uuids(), st.sampled_from(BAD_CLIENT_IDS)).map(
    lambda t: None if t[0] < 3 else t[2] if t[0] == 9 else str(t[1])
)
"""Mostly fresh IDs, some absent, one in ten malformed."""


def refused(text: str, client_id: str | None) -> bool:
    """Whether ChatService must refuse this input (empty or over-long text, a malformed client ID)."""
    cleaned = text.replace("\x00", "").strip()
    bad_text = not cleaned or len(cleaned) > get_settings().max_message_chars
    bad_id = client_id is not None and not (0 < len(client_id) <= 64 and client_id.isprintable())
    return bad_text or bad_id


def rate_limited(exc: Exception) -> bool:
    """A 429 refusal (``Throttled``: per-user limits, sign-in throttling), which legitimately stores nothing."""
    throttled = getattr(errors, "Throttled", None)  # added with the rate limits
    return throttled is not None and isinstance(exc, throttled)


@dataclass
class Customer:
    """One of the two customers of an example."""

    user_id: int
    username: str
    opening: tuple[int, int]
    """Total balance and number of transfers before the example's first step."""
    savings_id: int


@dataclass
class Token:
    """A bearer token the machine was issued."""

    value: str
    owner: int
    """Index into ``ChatMachine.customers``."""
    live: bool = True


@dataclass
class Conversation:
    """A chat session the machine opened, and the client message IDs it stored."""

    session_id: str
    owner: int
    closed: bool = False
    sent: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Client message ID → (stored message ID, stored reply ID)."""


@dataclass
class Tally:
    """What the whole run did, printed at the end (the README quotes it)."""

    examples: int = 0
    steps: int = 0
    messages: int = 0
    replays: int = 0
    transfers: int = 0
    refusals: int = 0
    foreign_attempts: int = 0
    restarts: int = 0


TALLY = Tally()
