"""Cards: freeze and unfreeze at once; report a lost or stolen card (urgent, permanent, so confirmed first)."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session as Db

from bankchat.agents.flows import handoff
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome, Problem, Slot
from bankchat.agents.flows.values import CardRef
from bankchat.bank import cards as bank_cards
from bankchat.bank.cards import CardChange, CardView
from bankchat.errors import CardActionRejected, CardNotFound

REPLACEMENT = "A replacement card with a new number will arrive in 3-5 business days."
CARD = Slot(
    "card", (CardRef,), fills=("card",), answers=("card", "card_paid_at"), required=True, description="Which card."
)
"""At "which card?", "the uber one" is the card Uber was paid with (``Entities.card_paid_at``)."""


CHOOSABLE: dict[str, tuple[str, ...]] = {"freeze_card": ("active",), "unfreeze_card": ("frozen",)}
"""The statuses of the cards a flow offers to choose from; any other card flow: the active and frozen ones."""


def choosable(db: Db, owner: int, flow: str) -> list[CardView]:
    """The customer's cards that ``flow`` can change ("both" at "which card?" means these)."""
    statuses = CHOOSABLE.get(flow, ("active", "frozen"))
    return [c for c in bank_cards.list_cards(db=db, owner_id=owner) if c.status in statuses]


def label(card: CardView) -> str:
    """How a card is named to the customer: "Visa Debit ending 1234"."""
    return f"{card.brand} ending {card.last4}"


def _named(ctx: FlowContext, filled: Filled) -> str:
    """ "**Mastercard ending 6225**" when the card is known, else "card"."""
    return f"**{label(_card(ctx, filled))}**" if filled.has("card") else "card"


def _card(ctx: FlowContext, filled: Filled) -> CardView:
    ref = filled.get("card", CardRef)
    assert ref is not None
    return bank_cards.get_card(db=ctx.db, owner_id=ctx.owner, card_id=ref.id)


def _which(
    ctx: FlowContext, filled: Filled, slot: Slot, statuses: tuple[str, ...] = ("active", "frozen")
) -> str | Problem:
    """Which of the cards the change can apply to (a blocked card is neither frozen nor reported again)."""
    cards = bank_cards.list_cards(db=ctx.db, owner_id=ctx.owner)
    if not cards:
        return Problem(None, "You don't have a card with us.")
    shown = [c for c in cards if c.status in statuses] or cards
    names = [f"your **{label(c)}**{' (frozen)' if c.status == 'frozen' else ''}" for c in shown]
    choice = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return f"Which card do you mean: {choice}? (Say **cancel** to stop.)"


def _found(ctx: FlowContext, filled: Filled) -> CardView | Problem:
    """The card in the slot, or why there is none (it went between the question and the answer)."""
    try:
        return _card(ctx, filled)
    except CardNotFound:
        return Problem(None, "I couldn't find that card any more.")


def _among(status: str, none: str) -> Callable[[FlowContext, Filled, Slot], str | Problem]:
    """The question for a card among the customer's ``status`` ones; ``none`` when no card has that status."""

    def ask(ctx: FlowContext, filled: Filled, slot: Slot) -> str | Problem:
        cards = bank_cards.list_cards(db=ctx.db, owner_id=ctx.owner)
        if cards and not any(c.status == status for c in cards):
            return Problem(None, none)
        return _which(ctx, filled, slot, statuses=(status,))

    return ask


def _has_cards(ctx: FlowContext, filled: Filled) -> Problem | None:
    found = _found(ctx, filled)
    return found if isinstance(found, Problem) else None


def _switch(
    *,
    name: str,
    purpose: str,
    change: Callable[..., CardChange],
    done: str,
    already: str,
    waiting: str,
    ask: Callable[[FlowContext, Filled, Slot], str | Problem] = _which,
    prepare: Callable[[FlowContext, Filled], Filled] | None = None,
    check: Callable[[FlowContext, Filled], Problem | None] = _has_cards,
) -> Flow:
    """A flow that switches a card at once (freeze, unfreeze): the same steps around another bank call.

    Args:
        name: The flow's name and the intent that starts it.
        purpose: One line, as ``Flow.purpose``.
        change: The bank's call (``freeze_card``, ``unfreeze_card``).
        done: The answer when the card changed, with ``{card}`` for its name.
        already: The answer when it was so already.
        waiting: How a reminder names the waiting step.
        ask: The question for the card.
        prepare: Fills the card when the request can only mean one.
        check: Why the change can't be made, before it is tried.
    """

    def act(ctx: FlowContext, filled: Filled) -> Outcome:
        card = _card(ctx, filled)
        action = {"tool": change.__name__, "card_id": card.id}
        try:
            result = change(db=ctx.db, owner_id=ctx.owner, card_id=card.id)
        except CardActionRejected as exc:
            text = f"{exc.detail}. {REPLACEMENT.replace('will arrive', 'is on its way and arrives')}"
            return Outcome(text, ({**action, "result": exc.reason},))
        text = (done if result.changed else already).format(card=label(result.card))
        return Outcome(text, ({**action, "changed": result.changed},))

    return Flow(
        name=name,
        purpose=purpose,
        agent="cards",
        slots=(CARD,),
        prepare=prepare,
        ask=ask,
        check=check,
        waiting=lambda ctx, filled: waiting,
        cancelled="Okay, I've left your cards as they are.",
        act=act,
    )


def _the_active_one(ctx: FlowContext, filled: Filled) -> Filled:
    """ "freeze my card" with one card still working: that card (a frozen one needs no freezing)."""
    if filled.has("card"):
        return filled
    cards = bank_cards.list_cards(db=ctx.db, owner_id=ctx.owner)
    active = [c for c in cards if c.status == "active"]
    return filled.with_values({"card": CardRef(active[0].id)}) if len(active) == 1 and len(cards) > 1 else filled


FREEZE = _switch(
    name="freeze_card",
    purpose="Freeze a card at once (payments stop; it can be undone).",
    change=bank_cards.freeze_card,
    done="Your **{card}** is now **frozen**: no payments or withdrawals will go through. "
    "Say **unfreeze my card** whenever you want to use it again.",
    already="Your **{card}** was already frozen. Say **unfreeze my card** to use it again.",
    waiting="your card freeze",
    ask=_among(
        CHOOSABLE["freeze_card"][0], "None of your cards can be frozen: they are all frozen or blocked already."
    ),
    prepare=_the_active_one,
)


def _the_frozen_one(ctx: FlowContext, filled: Filled) -> Filled:
    """ "unfreeze it" with one card frozen: that card (the others are working, there is nothing to ask)."""
    if filled.has("card"):
        return filled
    frozen = [c for c in bank_cards.list_cards(db=ctx.db, owner_id=ctx.owner) if c.status == "frozen"]
    return filled.with_values({"card": CardRef(frozen[0].id)}) if len(frozen) == 1 else filled


def _not_under_fraud_review(ctx: FlowContext, filled: Filled) -> Problem | None:
    """A frozen card stays frozen while the customer's fraud report is open: the fraud team unfreezes it."""
    card = _found(ctx, filled)
    if isinstance(card, Problem):
        return card
    if card.status != "frozen" or not handoff.has_open_fraud_case(ctx.db, ctx.owner, card.last4):
        return None
    return Problem(
        None,
        f"Your **{label(card)}** stays frozen while our fraud team looks into the payments you reported. "
        "They'll unfreeze it, or send you a replacement, once they've checked; I can't unfreeze it from the chat "
        "meanwhile.",
    )


UNFREEZE = _switch(
    name="unfreeze_card",
    purpose="Unfreeze a frozen card.",
    change=bank_cards.unfreeze_card,
    done="Your **{card}** is **active** again and ready to use.",
    already="Your **{card}** is already active.",
    waiting="unfreezing your card",
    ask=_among(CHOOSABLE["unfreeze_card"][0], "None of your cards is frozen: they all work as normal."),
    prepare=_the_frozen_one,
    check=_not_under_fraud_review,
)


def _not_yet_lost(ctx: FlowContext, filled: Filled) -> Problem | None:
    card = _found(ctx, filled)
    if isinstance(card, Problem):
        return card
    if card.status == "lost":
        return Problem(None, f"Your **{label(card)}** is already reported lost and blocked. {REPLACEMENT}")
    return None


def _offer_block(ctx: FlowContext, filled: Filled) -> str:
    return (
        f"I'm sorry to hear that. I can block your **{label(_card(ctx, filled))}** permanently now, so nobody can "
        f"use it. {REPLACEMENT}\n\nIf you think it may turn up, say **freeze my card** instead: that can be "
        "undone.\n\nShall I report it lost and block it? Reply **yes** or **no**."
    )


def _hold_block(ctx: FlowContext, filled: Filled) -> str:
    return (
        "No problem, I haven't blocked anything. Blocking is permanent, so take your time: reply **yes** "
        "to report the card lost and block it, **no** to leave it as it is, or say **freeze my card** "
        "to pause it in a way you can undo."
    )


def _report(ctx: FlowContext, filled: Filled) -> Outcome:
    card = _card(ctx, filled)
    change = bank_cards.report_lost(db=ctx.db, owner_id=ctx.owner, card_id=card.id)
    text = f"Done. Your **{label(change.card)}** is reported lost and permanently blocked. {REPLACEMENT}"
    return Outcome(text, ({"tool": "report_lost", "card_id": card.id, "changed": change.changed},))


REPORT_LOST = Flow(
    name="report_lost",
    purpose="Block a lost or stolen card for good and order a replacement, after a clear yes.",
    agent="cards",
    starts=frozenset({"lost_or_stolen_card"}),
    slots=(CARD,),
    confirm=True,
    urgent=True,
    ask=_which,
    check=_not_yet_lost,
    read_back=_offer_block,
    hold=_hold_block,
    waiting=lambda ctx, filled: f"reporting your {_named(ctx, filled)} lost",
    assent=("block it", "block the card", "block my card", "report it", "cancel the card", "cancel it for good"),
    cancelled="Okay, I haven't reported the card. It works as before.",
    act=_report,
)
