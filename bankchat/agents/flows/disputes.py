"""Disputes: "I don't recognise this payment" finds the payment, asks why, reads back, opens a case, offers a freeze.

The payment is found with the ledger search from what the customer names (merchant, amount,
date) or the line they were just shown; several matches are offered as a short numbered list
to pick from ("the second one", "the amazon one"). A case is opened only after a clear yes;
the card on the payment's account is then offered for freezing (a yes freezes it through the
freeze flow). How a case stands is ``dispute_status``.
"""

from __future__ import annotations

import re

from bankchat.agents import dispute_words
from bankchat.agents.dates import DateRange
from bankchat.agents.flows.cards import label
from bankchat.agents.flows.dispute_appeals import APPEAL_NAME
from bankchat.agents.flows.dispute_appeals import answers_waiting as appeal_answers
from bankchat.agents.flows.dispute_status import status_line
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Problem, Slot
from bankchat.agents.flows.values import CardRef, Money, TransactionRef, from_json, to_json
from bankchat.agents.knowledge import fact
from bankchat.agents.types import PendingStep, Subject
from bankchat.bank import cards as bank_cards
from bankchat.bank import disputes as bank_disputes
from bankchat.bank import ledger
from bankchat.bank import payees as bank_payees
from bankchat.bank.disputes import REASON_LABELS
from bankchat.bank.ledger import TransactionView
from bankchat.bank.money import format_cents
from bankchat.errors import DisputeRefused, NotDisputable, TransactionNotFound
from bankchat.models import DISPUTE_REASONS

MAX_CHOICES = 5
"""Payments offered to pick from at most."""

SLOTS = (
    Slot(
        "transaction",
        (TransactionRef, int, str),
        answers=("place", "merchant"),
        required=True,
        description="The payment disputed: a line of the statement (or its place, or merchant, in the list shown).",
    ),
    Slot("reason", (str,), fills=("dispute_reason",), answers=("reason_answer",), required=True, description="Why."),
    Slot("merchant", (str,), fills=("merchant",), description="The merchant paid."),
    Slot("charged", (Money,), fills=("amount",), description="The amount charged."),
    Slot("period", (DateRange,), fills=("period",), description="When it was charged."),
    Slot("said", (str,), description="The customer's own words about it."),
    Slot("choices", (str,), description="The lines offered to pick from, by ID, in order."),
)


def _prepare(ctx: FlowContext, filled: Filled) -> Filled:
    """The payment: picked from the list offered, the line just shown, or the only one matching; and the words."""
    filled = _picked(ctx, filled)
    if not filled.has("transaction") and not filled.has("choices"):
        named = filled.has("merchant") or filled.has("charged") or filled.has("period")
        shown = None if named else _shown(ctx)
        if shown is not None:
            filled = filled.with_values({"transaction": shown})
        else:
            found = _candidates(ctx, filled)
            if len(found) == 1:
                filled = filled.with_values({"transaction": TransactionRef(found[0].id)})
            elif found:
                filled = filled.with_values({"choices": ",".join(str(t.id) for t in found)})
    if filled.has("reason") and not filled.has("said"):
        filled = filled.with_values({"said": ctx.turn.text[: bank_disputes.MAX_WORDS]})
    return filled


def _picked(ctx: FlowContext, filled: Filled) -> Filled:
    """A place ("the 2nd one") or a merchant ("the amazon one") said for the list offered: that line."""
    value = filled.values.get("transaction")
    if value is None or isinstance(value, TransactionRef):
        return filled
    lines = _choices(ctx, filled)
    chosen: TransactionView | None = None
    if isinstance(value, int) and lines and (value == -1 or 1 <= value <= len(lines)):
        chosen = lines[value - 1] if value > 0 else lines[-1]
    elif isinstance(value, str):
        named = [t for t in lines if value.lower() in t.merchant.lower()]
        if len(named) == 1:
            chosen = named[0]
        elif len(named) != len(lines):  # the shop's own payments are offered next (searched for, when none listed)
            choices = ",".join(str(t.id) for t in named) or None
            return filled.with_values({"transaction": None, "choices": choices})
    return filled.with_values({"transaction": TransactionRef(chosen.id) if chosen else None})


def _shown(ctx: FlowContext) -> TransactionRef | None:
    """The line the last answer showed in full ("I don't recognise this payment" after its details), or the row of
    its list the message picks ("i dont recognise the 2nd one" after the latest transactions)."""
    last = next((h for h in reversed(ctx.turn.history) if h.role != "user"), None)
    subject = last.subject if last is not None else None
    if subject is None:
        return None
    place = dispute_words.place_in(ctx.turn.text) if subject.items else None
    if place is not None and (place == -1 or 1 <= place <= len(subject.items)):
        subject = subject.items[place - 1] if place > 0 else subject.items[-1]  # "dispute the 3rd one" after a list
    elif len(subject.items) == 1 and _THAT_ONE.search(ctx.turn.text):
        subject = subject.items[0]  # "dispute that" after "your largest payment at Amazon": that one line
    elif subject.flow not in ("transaction_details", DISPUTE_NAME):
        return None
    ref = from_json(subject.slots.get("transaction"))
    return ref if isinstance(ref, TransactionRef) else None


def _candidates(ctx: FlowContext, filled: Filled) -> list[TransactionView]:
    """Payments out (not transfers) matching what the customer named, newest first; when none does, the nearest
    (the merchant's without the amount, then without the date too); the latest ones when nothing is named."""
    period = filled.get("period", DateRange)
    charged = filled.get("charged", Money)
    tries = [(period, charged), (period, None), (None, charged), (None, None)]
    for when, amount in dict.fromkeys(tries):
        page = ledger.search_transactions(
            db=ctx.db,
            owner_id=ctx.owner,
            merchant=filled.get("merchant", str),
            start=when.start if when else None,
            end=when.end if when else None,
            direction="out",
            spending_only=True,
            at_least=amount.cents if amount else None,
            at_most=amount.cents if amount else None,
            limit=MAX_CHOICES,
        )
        if page.items:
            return page.items
    return []


def answers_waiting(text: str, pending: PendingStep) -> bool:
    """Whether ``text`` answers the question a waiting dispute (or appeal) asks ("the second one", "i never bought
    it"), so no other flow takes it (an urgent fraud report would, on "i never bought it")."""
    if pending.flow == APPEAL_NAME:
        return appeal_answers(text, pending)
    if pending.flow != DISPUTE_NAME or pending.stage != "collect":
        return False
    if pending.asking == "reason":
        return dispute_words.reason_in(text, answering=True) is not None
    return pending.asking == "transaction" and (
        dispute_words.place_in(text) is not None or bool(_NAMED_ONE.search(text))
    )


_THAT_ONE = re.compile(r"\b(?:that|this|it)\b", re.IGNORECASE)
"""A line pointed at ("dispute that"): the one line a list just showed."""
_NAMED_ONE = re.compile(r"^\W*(?:the\s+)?[\w'&.-]+(?:\s+[\w'&.-]+)?\s+one\W*$", re.IGNORECASE)
"""A pick by name, "the amazon one"."""


def _choices(ctx: FlowContext, filled: Filled) -> list[TransactionView]:
    """The lines offered, in the order shown (any no longer on the statement left out)."""
    ids = [int(i) for i in (filled.get("choices", str) or "").split(",") if i.isdigit()]
    lines = []
    for entry_id in ids:
        try:
            lines.append(ledger.get_transaction(db=ctx.db, owner_id=ctx.owner, entry_id=entry_id))
        except TransactionNotFound:
            continue
    return lines


def _line(t: TransactionView) -> str:
    return f"{t.value_date:%d %b} · **{t.merchant or t.description}** · {format_cents(-t.amount_cents)}"


def _ask(ctx: FlowContext, filled: Filled, slot: Slot) -> str | Problem:
    if slot.name == "reason":
        options = ", ".join(f"**{REASON_LABELS[r]}**" for r in DISPUTE_REASONS)
        return f"{_about(ctx, filled)}Why are you disputing it? {options}?"
    lines = _choices(ctx, filled)
    if not lines:
        return Problem(
            None,
            "I couldn't find a payment out like that on your statements. Say **my last 10 transactions** to see "
            "them, then tell me which one you don't recognise (for example **I don't recognise the 2nd one**).",
        )
    rows = "\n".join(f"{n}. {_line(t)}" for n, t in enumerate(lines, 1))
    places = ("**the first one**", "**the second one**", "**the third one**", "**the fourth one**", "**the fifth one**")
    named = filled.has("merchant") or filled.has("charged") or filled.has("period")
    unknown = None if named else _unknown_company(ctx)
    heading = (
        f"I found {len(lines)} payments that could be it:"
        if named
        else f"I can't see a payment to {unknown} on your statement. Your latest payments:"
        if unknown
        else "Your latest payments:"
    )
    return (
        f"{heading}\n\n{rows}\n\n"
        f"Which one do you want to dispute: {', '.join(places[: len(lines)])}? You can also name the shop."
    )


_COMPANY_NAMED = re.compile(
    r"\b(?:payments?|charges?|transactions?|debits?|purchases?)\s+(?:to|from|at|by|with)\s+"
    r"(?!(?:my|the|a|an|this|that|it|me|you|them|someone|somebody)\b)(?P<name>[a-z][\w'&.-]{2,30})",
    re.IGNORECASE,
)
"""A company named with the payment ("a payment to deliveroo"), whether or not the statement knows it."""


def _unknown_company(ctx: FlowContext) -> str | None:
    """ "i don't recognise a payment to deliveroo" when no payment to Deliveroo (nor a payee of that name) is on
    the statement: the name as said, so the answer says it isn't there before listing the latest payments."""
    said = _COMPANY_NAMED.search(ctx.turn.text)
    if said is None or bank_payees.find_payee(db=ctx.db, owner_id=ctx.owner, words=said.group("name")) is not None:
        return None
    return said.group("name").capitalize()


def _about(ctx: FlowContext, filled: Filled) -> str:
    line = _line_of(ctx, filled)
    if line is None:
        return ""
    when = f"{line.value_date:%d %B}"
    return f"That's the {format_cents(-line.amount_cents)} to {line.merchant} on {when} ({line.account_name}).\n\n"


def _line_of(ctx: FlowContext, filled: Filled) -> TransactionView | None:
    ref = filled.get("transaction", TransactionRef)
    if ref is None:
        return None
    try:
        return ledger.get_transaction(db=ctx.db, owner_id=ctx.owner, entry_id=ref.id)
    except TransactionNotFound:
        return None


def _check(ctx: FlowContext, filled: Filled) -> Problem | None:
    line = _line_of(ctx, filled)
    if line is None:
        return Problem(None, "I couldn't find that payment on your statements any more.")
    if line.amount_cents >= 0:
        return Problem(None, "That's money coming in, not a payment out, so there is nothing to dispute.")
    if filled.get("reason", str) not in DISPUTE_REASONS:
        return Problem("reason", "I didn't catch the reason")
    existing = next(
        (c for c in bank_disputes.list_disputes(db=ctx.db, owner_id=ctx.owner) if c.transaction_id == line.public_id),
        None,
    )
    if existing is not None:
        return Problem(
            None, f"You've already disputed that payment: case **{existing.reference}**. {status_line(existing)}"
        )
    return None


def _read_back(ctx: FlowContext, filled: Filled) -> str:
    line = _line_of(ctx, filled)
    assert line is not None
    reason = REASON_LABELS[filled.get("reason", str) or "other"]
    return (
        "Let me check I have this right. You want to dispute:\n\n"
        f"- Merchant: **{line.merchant or line.description}**\n"
        f"- Date: **{line.value_date:%d %B %Y}**\n"
        f"- Amount: **{format_cents(-line.amount_cents)}** from your {line.account_name}\n"
        f"- Reason: **{reason}**\n\n"
        "Shall I open the dispute? Reply **yes** or **no**."
    )


def _open(ctx: FlowContext, filled: Filled) -> Outcome:
    ref = filled.get("transaction", TransactionRef)
    reason = filled.get("reason", str) or "other"
    assert ref is not None
    try:
        case = bank_disputes.open_dispute(
            db=ctx.db, owner_id=ctx.owner, entry_id=ref.id, reason=reason, words=filled.get("said", str) or ""
        )
    except (DisputeRefused, NotDisputable, TransactionNotFound) as exc:
        return Outcome(f"I couldn't open a dispute: {exc.detail}.", ({"tool": "open_dispute", "result": exc.code},))
    action = {"tool": "open_dispute", "reference": case.reference}
    text = (
        f"Done. I've opened dispute **{case.reference}** for {format_cents(case.amount_cents)} to {case.merchant}. "
        f"Our team will look into it, usually within {fact('dispute_review_time')}; ask **what's happening with "
        "my dispute** at any time."
    )
    card = next(
        (
            c
            for c in bank_cards.list_cards(db=ctx.db, owner_id=ctx.owner)
            if c.account_id == case.account_id and c.status == "active"
        ),
        None,
    )
    if card is None:
        return Outcome(text, (action,))
    text += (
        f"\n\nIf you think someone else may have your card details, I can **freeze** your **{label(card)}** now, so no "
        "new payments go through (you can unfreeze it any time). Shall I freeze it? Reply **yes** or **no**."
    )
    return Outcome(text, (action,), offer=Subject("freeze_card", {"card": to_json(CardRef(card.id))}))


DISPUTE_NAME = "dispute_payment"

DISPUTE = Flow(
    name=DISPUTE_NAME,
    purpose="Dispute a payment out the customer doesn't recognise or was wrongly charged: open a case, offer a freeze.",
    agent="transactions",
    slots=SLOTS,
    confirm=True,
    prepare=_prepare,
    ask=_ask,
    check=_check,
    read_back=_read_back,
    waiting=lambda ctx, filled: "your dispute",
    cancelled="Okay, I haven't opened a dispute. Nothing was changed.",
    assent=("open it", "open the dispute", "dispute it"),
    act=_open,
)
