"""Appeal a dispute: "I want to appeal DS-7KQ2-M9XD" asks what is new, reads it back, and reopens the case.

Only a rejected case of the customer's own can be reopened, and only once (``bank.disputes.reopen``):
a second time is refused politely, with the complaints route. The case is found from its reference,
or is the customer's one rejected case; with several, the customer is asked which. The new
information is the customer's next message, as they wrote it.
"""

from __future__ import annotations

import re

from bankchat.agents import dispute_words
from bankchat.agents.dialogue import CANCEL_WORDS
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Problem, Slot
from bankchat.agents.types import PendingStep
from bankchat.bank import disputes as bank_disputes
from bankchat.bank.disputes import COMPLAINTS_ROUTE, DisputeView
from bankchat.bank.money import format_cents
from bankchat.errors import DisputeNotFound, DisputeRefused, NotDisputable

APPEAL_NAME = "appeal_dispute"
MIN_NOTE_WORDS = 3
"""New information is a sentence ("the parcel never came"), not "no" or "ok"."""

CASE = Slot(
    "case",
    (str,),
    required=True,
    reads=lambda text: dispute_words.reference_in(text) is not None,
    description="The rejected case's reference, DS-XXXX-XXXX.",
)
NOTE = Slot("note", (str,), required=True, description="What is new since the decision, in the customer's own words.")
_NOT_NEW = re.compile(
    rf"^\s*(?:no|nope|{CANCEL_WORDS}|nothing"  # a no
    r"|what|whats|what's|which|how|show|list|check|send|pay|transfer|move|freeze|block)\b",  # another request
    re.IGNORECASE,
)
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|])")


def answers_waiting(text: str, pending: PendingStep) -> bool:
    """Whether ``text`` answers the appeal's question: a case reference, or a sentence of new information (not a
    question, and not a no)."""
    if pending.flow != APPEAL_NAME or pending.stage != "collect":
        return False
    if pending.asking == CASE.name:
        return dispute_words.reference_in(text) is not None
    return (
        pending.asking == NOTE.name
        and len(text.split()) >= MIN_NOTE_WORDS
        and not text.rstrip().endswith("?")
        and not _NOT_NEW.match(text)
    )


def _prepare(ctx: FlowContext, filled: Filled) -> Filled:
    """The case named (or the customer's only rejected one), and the new information once it was asked for."""
    if not filled.has(CASE.name):
        named = dispute_words.reference_in(ctx.turn.text)
        rejected = [c for c in _cases(ctx) if c.status == "rejected"]
        if named is None and len(rejected) == 1:
            named = rejected[0].reference
        if named is not None:
            filled = filled.with_values({CASE.name: named})
    pending = ctx.turn.pending
    asked = pending is not None and pending.asking == NOTE.name and answers_waiting(ctx.turn.text, pending)
    if asked and not filled.has(NOTE.name):
        filled = filled.with_values({NOTE.name: " ".join(ctx.turn.text.split())[: bank_disputes.MAX_NOTE]})
    return filled


def _cases(ctx: FlowContext) -> list[DisputeView]:
    return bank_disputes.list_disputes(db=ctx.db, owner_id=ctx.owner)


def _case(ctx: FlowContext, filled: Filled) -> DisputeView | None:
    try:
        return bank_disputes.get_dispute(db=ctx.db, owner_id=ctx.owner, reference=filled.get(CASE.name, str) or "")
    except DisputeNotFound:
        return None


def _refusal(case: DisputeView | None) -> str | None:
    """Why ``case`` can't be looked at again, in a sentence or two; None when it can."""
    if case is None:
        return "I couldn't find a dispute with that reference. Ask **what's happening with my disputes** to see yours."
    if case.reopened_at is not None:
        done = "is open again already: our team is looking at it" if case.status == "open" else "has been looked at"
        return (
            f"I'm sorry, case **{case.reference}** {done} again once, after your new information, so I can't reopen "
            f"it a second time. {COMPLAINTS_ROUTE}."
        )
    if case.status != "rejected":
        state = "still open: our team is looking into it" if case.status == "open" else "refunded already"
        return f"Case **{case.reference}** is {state}. Only a rejected case can be looked at again."
    return None


def _about(case: DisputeView) -> str:
    return f"{format_cents(case.amount_cents, case.currency)} to {case.merchant} on {case.value_date:%d %b}"


def _ask(ctx: FlowContext, filled: Filled, slot: Slot) -> str | Problem:
    if slot is CASE:
        rejected = [c for c in _cases(ctx) if c.status == "rejected"]
        if not rejected:
            return Problem(None, "You have no rejected disputes to look at again. Ask **what's happening with my "
                           "disputes** to see how yours stand.")  # fmt: skip
        rows = "\n".join(f"- **{c.reference}**: {_about(c)}" for c in rejected)
        return f"Which rejected dispute would you like us to look at again?\n\n{rows}\n\nTell me its reference."
    case = _case(ctx, filled)
    if (refused := _refusal(case)) is not None or case is None:
        return Problem(None, refused or "")
    note = f" Our team's note: _{case.staff_note}_" if case.staff_note else ""
    return (
        f"Case **{case.reference}** ({_about(case)}) was rejected.{note}\n\n"
        "What **new information** do you have that our team should look at? For example a reply from the shop, "
        "proof of delivery or of cancelling, or a date or amount that shows the payment was wrong."
    )


def _check(ctx: FlowContext, filled: Filled) -> Problem | None:
    refused = _refusal(_case(ctx, filled))
    return Problem(None, refused) if refused is not None else None


def _read_back(ctx: FlowContext, filled: Filled) -> str:
    case = _case(ctx, filled)
    assert case is not None
    said = _MARKDOWN.sub(r"\\\1", filled.get(NOTE.name, str) or "")
    return (
        f"Please check: you'd like case **{case.reference}** ({_about(case)}) looked at again, with this new "
        f"information:\n\n> {said}\n\n"
        "A case can be reopened **once**. Shall I reopen it? Reply **yes** or **no**."
    )


def _reopen(ctx: FlowContext, filled: Filled) -> Outcome:
    try:
        case = bank_disputes.reopen(
            db=ctx.db,
            owner_id=ctx.owner,
            reference=filled.get(CASE.name, str) or "",
            note=filled.get(NOTE.name, str) or "",
        )
    except (DisputeNotFound, DisputeRefused, NotDisputable) as exc:
        text = _refusal(_case(ctx, filled)) or f"I couldn't reopen it: {exc.detail}."
        return Outcome(text, ({"tool": "reopen_dispute", "result": exc.code},))
    text = (
        f"Done: I've reopened case **{case.reference}**. Our team will look at it again with what you've told me, "
        "usually within 5 business days; ask **what's happening with my dispute** at any time."
    )
    return Outcome(text, ({"tool": "reopen_dispute", "reference": case.reference},))


APPEAL = Flow(
    name=APPEAL_NAME,
    purpose="Have a rejected dispute looked at again (once) with new information: reopen the case for staff.",
    agent="transactions",
    slots=(CASE, NOTE),
    confirm=True,
    prepare=_prepare,
    ask=_ask,
    check=_check,
    read_back=_read_back,
    waiting=lambda ctx, filled: "your appeal of a dispute decision",
    cancelled="Okay, I haven't reopened anything. The decision stands as it was.",
    assent=("reopen it", "reopen the case", "reopen the dispute"),
    act=_reopen,
)
