"""Requests that wait their turn: the second of two transfers in one message ("send bob 20 and alice 15").

Each request that must be read back and confirmed gets its own read-back and its own clear
yes, one at a time and in the order asked. While the first read-back waits, the second is
kept, unread-back and unchecked, as a *queued* step behind it in the ``PendingStep.after``
chain. When the first is confirmed or cancelled the engine releases the queued one: its
slots are checked against the balances of that moment and it is read back. A queued step
never acts: a yes reaching it while it is still queued only reads it back. Reminders of
whatever waits are worded here too.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from bankchat.agents.flows import BY_NAME
from bankchat.agents.flows.spec import Filled, FlowContext
from bankchat.agents.types import PendingStep

QUEUED = "queued"
"""The stage of a step that waits behind another step of the same message, not yet read back."""


def moves_money(step: PendingStep) -> bool:
    """Whether ``step`` is a payment (its flow has an amount): what a fraud report stops, and what "has it gone?"
    asks about."""
    flow = BY_NAME.get(step.flow)
    return flow is not None and flow.slot("amount") is not None


def is_queued(step: PendingStep | None) -> bool:
    """Whether ``step`` waits its turn (it has not been checked or read back yet)."""
    return step is not None and step.stage == QUEUED


def enqueue(head: PendingStep, step: PendingStep) -> PendingStep:
    """``head`` with ``step`` queued after it and after any step already queued behind it.

    Steps put aside before (an older transfer an urgent report pre-empted) stay behind the queue.
    """
    chain = [head]
    while is_queued(chain[-1].after):
        after = chain[-1].after
        assert after is not None
        chain.append(after)
    rebuilt = dataclasses.replace(chain[-1], after=dataclasses.replace(step, stage=QUEUED, after=chain[-1].after))
    for earlier in reversed(chain[:-1]):
        rebuilt = dataclasses.replace(earlier, after=rebuilt)
    return rebuilt


def queued_behind(head: PendingStep | None) -> int:
    """How many queued steps wait directly behind ``head``."""
    count, step = 0, head.after if head is not None else None
    while is_queued(step):
        assert step is not None
        count, step = count + 1, step.after
    return count


def drop_queue(head: PendingStep) -> PendingStep:
    """``head`` without the steps queued directly behind it ("cancel both")."""
    after = head.after
    while is_queued(after):
        assert after is not None
        after = after.after
    return dataclasses.replace(head, after=after)


_EACH = re.compile(
    r"\b(?:both|them all|all of them|each(?: of them| one)?|the two of them|(?:the )?same for (?:both|all))\b", re.I
)
"""A correction meant for every payment in line ("actually make them both 25")."""
KEPT_APART = ("target",)
"""Slots a correction for every payment never copies: each keeps its own payee."""


def amend_queue(head: PendingStep, text: str, slots: dict[str, Any]) -> tuple[PendingStep, int]:
    """``head`` with the slot values ``slots`` changes from it copied into the steps queued directly behind it that
    run the same flow, when ``text`` says the correction is for each of them ("make them both 25"); and how many
    changed."""
    if not _EACH.search(text):
        return head, 0
    copied = {name: value for name, value in slots.items() if name not in KEPT_APART and head.slots.get(name) != value}
    chain, step = [], head.after
    while is_queued(step):
        assert step is not None
        chain.append(step)
        step = step.after
    amended = 0
    rebuilt = step
    for queued in reversed(chain):
        if queued.flow == head.flow and copied:
            queued, amended = dataclasses.replace(queued, slots={**queued.slots, **copied}), amended + 1
        rebuilt = dataclasses.replace(queued, after=rebuilt)
    return dataclasses.replace(head, after=rebuilt), amended


def what_waits(ctx: FlowContext, pending: PendingStep, unnamed: str = "what we started") -> str:
    """How a waiting step is named to the customer ("your transfer of £30.00 to Bob Brown"); ``unnamed`` for a
    flow that says nothing of its own."""
    flow = BY_NAME.get(pending.flow)
    if flow is None or flow.waiting is None:
        return unnamed
    return flow.waiting(ctx, Filled.from_json(pending.slots, flow.slots))


def reminder(ctx: FlowContext, pending: PendingStep, opening: str = "By the way, ") -> str:
    """The line that offers a waiting step again ("By the way, your transfer of £30.00 is still waiting ...")."""
    if pending.flow not in BY_NAME:
        return ""
    what = what_waits(ctx, pending)
    if pending.stage == QUEUED:
        return f"{opening}{what} hasn't been read back yet: reply **yes** to see it."
    if pending.stage == "confirm":
        return f"{opening}{what} is still waiting: reply **yes** to go ahead or **no** to cancel."
    if pending.stage == "approve":
        return f"{opening}{what} is waiting for your approval (your passkey or your app's code), or say **no**."
    return f"{opening}{what} isn't finished yet: tell me what's missing, or say **cancel**."


def waits_behind(ctx: FlowContext, pending: PendingStep) -> str:
    """The line under a read-back that says which earlier read-back waits behind it ("send 50 to priya" while
    £30 to bob waits, or a stolen card reported while it does); empty for a queued step (it is announced)."""
    flow = BY_NAME.get(pending.flow)
    if flow is None or flow.waiting is None or pending.stage != "confirm":
        return ""
    line = waiting_behind(ctx, pending)
    return f"\n\n{line[:1].upper()}{line[1:]}"


def waiting_behind(ctx: FlowContext, pending: PendingStep) -> str:
    """ "your transfer of £30.00 to Bob Brown still waits: ...": a step behind the one being read back."""
    return f"{what_waits(ctx, pending)} still waits, and I'll ask you about it again after this one."


_STILL = re.compile(r"\bstill\s+(?:waiting|pending|there|on hold)\b", re.IGNORECASE)


def not_sent(asked: str) -> str:
    """How an answer to "has it gone?" about a step still waiting opens: "No, ..." ("did that go thru?"), or
    "Yes, ..." when the question was whether it is still waiting ("is my transfer still waiting?")."""
    return "Yes, it's still waiting: nothing has been sent" if _STILL.search(asked) else "No, nothing has been sent"


def be_sure(ctx: FlowContext, pending: PendingStep) -> str:
    """The line that asks for a clear yes after a bare "ok" to "take your time"."""
    what = what_waits(ctx, pending)
    return f"Just to be sure before anything happens: reply **yes** to go ahead with {what}, or **no** to cancel."


def stopped_while_checked(ctx: FlowContext, pending: PendingStep) -> str:
    """The line that says a waiting payment is dropped because fraud or a scam was reported (whether or not the
    fraud team has been brought in: the scam warning leaves that to the customer)."""
    what = what_waits(ctx, pending, unnamed="the payment we started")
    return f"I've also stopped {what} to be safe: nothing of it was sent. Ask me again once you're sure it's genuine."


def set_aside(ctx: FlowContext, pending: PendingStep) -> str:
    """The line that says a waiting step the customer left behind is dropped, with nothing of it done."""
    if pending.flow not in BY_NAME:
        return ""
    return f"I've set aside {what_waits(ctx, pending)}: nothing of it was done. Just ask again whenever you're ready."


def also_dropped(count: int) -> str:
    """The sentence that says the ``count`` requests queued behind a kept one are gone ("no, just the bob one")."""
    if count == 1:
        return " The other request is dropped: nothing of it was done."
    return f" The {count} other requests are dropped: nothing of them was done." if count else ""


def also_cancelled(count: int) -> str:
    """The sentence added to a cancel that took ``count`` queued requests with it ("cancel both")."""
    if not count:
        return ""
    return " The request waiting after it is cancelled too." if count == 1 else f" The {count} after it are too."
