"""A message while a step waits: what it does to that step (fill or correct it, confirm, cancel, hold it), or
None when it is about something else.

A correction wins over a no ("no wait, make it 40" amends); "the other one" swaps the step's card or
account; a second payment with its own amount and recipient is read back on its own; "has it gone?"
about the waiting payment is answered with what waits, never with an old transfer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bankchat.agents import dialogue
from bankchat.agents.flows import BY_INTENT, BY_NAME
from bankchat.agents.flows.cards import choosable
from bankchat.agents.flows.queue import is_queued, moves_money
from bankchat.agents.flows.spec import Flow
from bankchat.agents.flows.values import CardRef, SlotValue, to_json
from bankchat.agents.knowledge import LABELS as TOPICS
from bankchat.agents.router import Route
from bankchat.agents.types import PendingStep, Subject
from bankchat.agents.understanding import followups, rules
from bankchat.agents.understanding.commands import (
    Approve,
    Cancel,
    Clarify,
    Command,
    Confirm,
    Hold,
    SetSlots,
    StartFlow,
)
from bankchat.agents.understanding.context import Context
from bankchat.agents.understanding.entities import Entities

ANSWER_WORDS = 10
"""Up to this many words, a statement naming what the waiting step asked for is its answer."""
_NOT_AN_ANSWER = re.compile(  # a question, or an order of its own
    r"\?|^\s*(?:what|whats|what's|which|who|how|why|when|where|is|are|do|does|did|can|could|will|would|should|"
    r"show|list|tell|give|check|send|pay|transfer|move)\b",
    re.IGNORECASE,
)


OTHER_WORDS = 6
"""Up to this many words, "the other one" while a step waits is about that step's card or account."""


def other_one(text: str, pending: PendingStep, context: Context) -> Command:
    """ "no, the other one" at "block your Visa?": the step again with the customer's other card (or account),
    read back anew; with nothing, or more than one thing, to swap, a question. Never a cancel."""
    if context.db is None:
        return Clarify((), 1.0, "other")
    swapped = followups.resolve(context.db, context.owner, text, Subject(pending.flow, dict(pending.slots)))
    changed = [name for name, value in swapped.slots.items() if value != pending.slots.get(name)]
    return SetSlots("", swapped=swapped) if len(changed) == 1 else Clarify((), 1.0, "other")


_CODE = re.compile(r"^\s*(?:(?:the |my )?code(?: is)?\s*:?\s*)?(\d{3})[\s-]?(\d{3})\s*[.!]?\s*$", re.IGNORECASE)
"""An authenticator app's six digits, alone or as "code is 123 456"."""
_APPROVED = re.compile(
    r"^\s*(?:(?:i'?ve|i have|ok|okay|done)[\s,]+)?approved(?: it)?(?: with my (?:passkey|app|code|phone))?\s*[.!]?\s*$",
    re.IGNORECASE,
)
"""Word that the approval was given elsewhere (the chat page's passkey button, a REST client): the engine checks."""


def approval_answer(text: str, pending: PendingStep) -> Command | None:
    """At a step waiting for approval: a code approves (the engine checks it), the chat page's word of a passkey
    signature asks the engine to check the approval, a yes is no approval (asked again); None: read as usual (a
    no cancels, "make it 40" amends and reads back again)."""
    if pending.stage != "approve":
        return None
    if (code := _CODE.match(text)) is not None:
        return Approve(code.group(1) + code.group(2))
    if _APPROVED.match(text):
        return Approve()
    if dialogue.is_yes(text):
        return Hold()
    return None


def yes_to_a_payment(text: str, pending: PendingStep, flow: Flow | None) -> bool:
    """ "yes send it" while a card block waits for its yes with a transfer put aside behind it: the yes is
    for the payment, so the block is not confirmed; its read-back is asked again."""
    behind = BY_NAME.get(pending.after.flow) if pending.after is not None else None
    moves_money = behind is not None and behind.slot("amount") is not None
    return moves_money and flow is not None and flow.slot("amount") is None and rules.says_pay_verb(text)


def assents(text: str, pending: PendingStep, flow: Flow | None) -> bool:
    """An instruction to do exactly what the read-back asks ("ok it's gone, block it"), with no doubt in it."""
    return flow is not None and pending.stage == "confirm" and dialogue.assents_to(text, flow.assent)


def about_waiting(text: str, chosen: Route, pending: PendingStep, flow: Flow, context: Context) -> Command | None:
    """The command a message gives the waiting step, or None when it is about something else.

    A correction wins ("yes but make it 50" amends and reads back again), then a no, then a
    doubt or an unclear answer at a read-back, which changes nothing.
    """
    if flow.confirm and rules.asks_if_arrived(text):
        return Hold(unsent=True)  # "did that go thru?" while it still waits: it hasn't
    if (scaled := _scaled_amount(text, pending)) is not None:
        return SetSlots("", given=(("amount", scaled),))  # "actually half that": the amount halved, read back
    if followups.asks_reference(text) and flow.slot("reference") is not None and pending.stage == "confirm":
        return SetSlots(text)  # "whats the reference?" at a read-back: the read-back again, which shows it
    if followups.asks_what_next(text):  # "what happens now?": what the step waits for, asked again
        return SetSlots(text) if pending.stage == "collect" else Hold()
    if chosen.intent in flow.starts_on and _another_payment(text, pending, flow, context):
        return StartFlow(flow.name, text, chosen.confidence, fresh=True)  # read back on its own; the first waits
    if chosen.intent in flow.starts_on:
        return SetSlots(text)  # "send 50 to savings" again while a transfer waits: amend it
    if not _requests_other_flow(chosen, flow) and _answers_question(text, pending, flow, context):
        return SetSlots(text)  # "the mastercard one ending 6225 please", whatever the classifier makes of it
    other_subject = dialogue.changes_subject(text, chosen.intent, flow.starts_on) or _asks_other_flow(
        text, chosen, flow
    )
    correction = dialogue.corrects(text) or flow_reads(text, flow)
    if (correction or not other_subject) and fills_something(text, pending, flow, context):
        return SetSlots(dialogue.without_denied(text))  # "no not bob, priya": Priya
    if dialogue.said_no(text, chosen.intent):
        return Cancel()
    if pending.stage == "confirm" and _holds(text, chosen, flow):
        return Hold()
    if other_subject and not correction:
        return None
    if chosen.intent == "confirm":
        return Confirm() if pending.stage == "collect" else Hold()  # a yes with more in it confirms nothing
    if pending.stage == "confirm" and chosen.intent in ("deny", "unknown"):
        return Hold()  # neither a clear yes nor a no: nothing happens
    return None


_SCALE = re.compile(
    r"\b(?:(?P<part>half|a third|a quarter|double|twice|triple)\s+(?:of\s+)?(?:that|it|the amount|this)"
    r"|(?P<verb>halve|double|triple)\s+(?:it|that|the amount))\b",
    re.IGNORECASE,
)
_FACTORS = {
    "half": (1, 2), "halve": (1, 2), "a third": (1, 3), "a quarter": (1, 4),
    "double": (2, 1), "twice": (2, 1), "triple": (3, 1),
}  # fmt: skip
"""What each word multiplies the waiting amount by, as (times, over)."""


def _scaled_amount(text: str, pending: PendingStep) -> str | None:
    """ "actually half that", "double it": the waiting amount scaled, as words for the amount slot (whole pence,
    rounded down); None when the message scales nothing or nothing waits with an amount."""
    said = _SCALE.search(text)
    amount = pending.slots.get("amount")
    cents = amount.get("money") if isinstance(amount, dict) else None
    if said is None or not isinstance(cents, int):
        return None
    times, over = _FACTORS[(said.group("part") or said.group("verb")).lower()]
    scaled = cents * times // over
    return f"{scaled // 100}.{scaled % 100:02d}"


def _another_payment(text: str, pending: PendingStep, flow: Flow, context: Context) -> bool:
    """ "send 50 to priya" while £30 to bob waits for its yes: a second payment, not a correction of the first
    (it names its own amount and another recipient, and no "instead", "make it" or "sorry")."""
    target = flow.slot("target")
    waiting = pending.slots.get(target.name) if target is not None else None
    if pending.stage != "confirm" or not (isinstance(waiting, dict) and "payee" in waiting):
        return False  # only a payment to a person has another person to go to; "send 57 to savings" amends
    if flow.slot("amount") is None or dialogue.corrects(text):
        return False
    assert context.db is not None
    entities = Entities(context.db, context.owner, text, context.today)
    payee = entities.payee if entities.amount is not None else None
    return payee is not None and to_json(payee) != waiting


def asks_of_waiting_payment(text: str, pending: PendingStep, context: Context) -> bool:
    """Whether "has it gone?" asks about the payment waiting for its yes (first, or put aside behind another
    step), not a past one: no dates named, and no amount or recipient but the waiting payment's."""
    step = next((s for s in (pending, pending.after) if s is not None and moves_money(s)), None)
    if step is None or context.db is None:
        return False
    entities = Entities(context.db, context.owner, text, context.today)
    if entities.period is not None:
        return False
    said = ((entities.payee, "target"), (entities.amount, "amount"))
    return all(value is None or to_json(value) == step.slots.get(slot) for value, slot in said)


def _holds(text: str, chosen: Route, flow: Flow) -> bool:
    """A yes/no by the classifier, or a doubt that no other flow or topic claims, holds a read-back."""
    if chosen.intent in ("confirm", "deny"):
        return True
    other = chosen.intent in TOPICS or (chosen.intent in BY_INTENT and BY_INTENT[chosen.intent] is not flow)
    return dialogue.hesitates(text) and not (other and chosen.confidence >= 0.5)


def _asks_other_flow(text: str, chosen: Route, flow: Flow) -> bool:
    """ "how much in savings" while a transfer waits: a short question the classifier is sure belongs to another
    flow, never an answer that names savings as the destination."""
    return bool(_NOT_AN_ANSWER.search(text)) and _requests_other_flow(chosen, flow) and chosen.confidence >= 0.8


def _requests_other_flow(chosen: Route, flow: Flow) -> bool:
    """ "show my credit card transactions" while a freeze asks which card: a request of its own."""
    other = BY_INTENT.get(chosen.intent)
    return other is not None and other is not flow and chosen.confidence >= 0.5


def _answers_question(text: str, pending: PendingStep, flow: Flow, context: Context) -> bool:
    """A short statement that names what the waiting step just asked for ("which card?": "the visa one
    ending 3076"): the answer, not a new question (a question of its own asks, so it is not one)."""
    slot = flow.slot(pending.asking) if pending.stage == "collect" else None
    if slot is None or len(text.split()) > ANSWER_WORDS or _NOT_AN_ANSWER.search(text):
        return False
    if slot.reads is not None and slot.reads(text):
        return True  # "the 15th" at "which day of the month?"
    assert context.db is not None
    entities = Entities(context.db, context.owner, text, context.today)
    return any(isinstance(entities.get(name), slot.kinds) for name in slot.fills + slot.answers) or bool(
        entities.refused(slot.name)  # "the visa ending 1311": an answer, though no card of theirs ends so
    )


_ONLY = re.compile(r"\b(?:just|only)\b", re.IGNORECASE)


def keeps_only_this(text: str, pending: PendingStep, context: Context) -> bool:
    """ "no, just the bob one" while Bob's payment is read back and another waits behind it: keep this one, drop
    the rest (a plain no would cancel it and read the next one back)."""
    if context.db is None or not _ONLY.search(text) or not is_queued(pending.after):
        return False
    entities = Entities(context.db, context.owner, text, context.today)
    named = entities.get("destination") or entities.get("payee") or entities.get("account")
    return named is not None and to_json(named) == pending.slots.get("target")


def flow_reads(text: str, flow: Flow | None) -> bool:
    """Words only the waiting flow reads change it ("make it weekly on fridays", "stop it after march"): a
    correction, never a no."""
    return flow is not None and any(slot.reads is not None and slot.reads(text) for slot in flow.slots)


_NEGATION = re.compile(r"\b(?:not|don'?t|do not|never|no)\b|n't\b", re.IGNORECASE)


def changes_after_no(text: str, pending: PendingStep, flow: Flow | None, context: Context) -> bool:
    """ "no, to bob" at the read-back of £35 to savings: a no followed by another value for the waiting step is a
    change of it, not a cancel ("no to bob" at Bob's own read-back, "no, cancel it", "no not now" stay a no; with
    another request queued behind, "no, just the priya one" picks among them)."""
    rest = dialogue.after_no(text)
    if not rest or is_queued(pending.after) or flow is None or context.db is None:
        return False
    if dialogue.explicitly_cancels(text) or _NEGATION.search(rest):
        return False
    named = _first_named(Entities(context.db, context.owner, rest, context.today), pending, flow)
    return named is not None and to_json(named[1]) != pending.slots.get(named[0])


def _first_named(entities: Entities, pending: PendingStep, flow: Flow) -> tuple[str, SlotValue] | None:
    """The first slot of the waiting flow the message names a value for, and the value."""
    for slot in flow.slots:
        for name in slot.fills + (slot.answers if slot.name == pending.asking else ()):
            value = entities.get(name)
            if value is not None and isinstance(value, slot.kinds):
                return slot.name, value
    return None


def fills_something(text: str, pending: PendingStep, flow: Flow, context: Context) -> bool:
    assert context.db is not None
    if flow_reads(text, flow):
        return True
    entities = Entities(context.db, context.owner, text, context.today)
    if _first_named(entities, pending, flow) is not None:
        return True
    return flow.slot("amount") is not None and entities.amount_problem is not None


def every_card(text: str, pending: PendingStep, context: Context) -> list[Command] | None:
    """ "both" or "all of them" at "which card?": the step for each card it offered, one after another."""
    if pending.stage != "collect" or pending.asking != "card" or not dialogue.means_every_card(text):
        return None
    return for_each_card(pending.flow, pending.slots, context, first=None)


def for_each_card(
    flow: str, slots: Mapping[str, object], context: Context, first: StartFlow | None
) -> list[Command] | None:
    """``flow`` once per card it can change, each read back (or done) in turn: the first as the waiting step
    (or ``first``, the request just made), the others queued behind it. None with fewer than two cards."""
    if context.db is None or BY_NAME[flow].slot("card") is None:
        return None
    cards = choosable(context.db, context.owner, flow)
    if len(cards) < 2:
        return None
    each = [Subject(flow, {**slots, "card": to_json(CardRef(card.id))}) for card in cards]
    head: Command = (
        SetSlots("", swapped=each[0])
        if first is None
        else StartFlow(flow, "", first.confidence, inherit=each[0], fresh=first.fresh)
    )
    return [head, *(StartFlow(flow, "", 1.0, inherit=card, fresh=True, queued=True) for card in each[1:])]
