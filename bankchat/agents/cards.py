"""The cards specialist: freeze and unfreeze at once; report lost or stolen after a confirmation."""

from __future__ import annotations

from bankchat.agents import dialogue
from bankchat.agents.types import PendingStep, Reply, Turn
from bankchat.bank import cards as bank_cards
from bankchat.bank.cards import CardView
from bankchat.db import session_scope
from bankchat.errors import CardActionRejected, CardNotFound

NAME = "cards"
INTENTS = frozenset({"freeze_card", "unfreeze_card", "lost_or_stolen_card"})
FLOW = "report_lost"
CHOICE_FLOW = "card_choice"
"""Waiting for the customer to say which card (they have more than one)."""
REPLACEMENT = "A replacement card with a new number will arrive in 3-5 business days."


def _label(card: CardView) -> str:
    return f"{card.brand} ending {card.last4}"


def _which(turn: Turn) -> CardView | list[CardView] | None:
    with session_scope() as db:
        card = bank_cards.find_card(db=db, owner_id=turn.customer.user_id, words=turn.text)
        return card if card is not None else bank_cards.list_cards(db=db, owner_id=turn.customer.user_id)


def handle(turn: Turn, intent: str, confidence: float) -> Reply:
    """Act on the customer's card named (or implied) in the message."""
    found = _which(turn)
    if isinstance(found, list):
        if not found:
            return Reply("You don't have a card with us.", NAME, intent, confidence, [{"tool": "list_cards"}])
        names = " and ".join(f"your **{_label(c)}** ({c.status})" for c in found)
        step = PendingStep(flow=CHOICE_FLOW, stage="choose", slots={"intent": intent})
        text = f"Which card do you mean: {names}? (Say **cancel** to stop.)"
        return Reply(text, NAME, intent, confidence, [{"tool": "list_cards", "cards": len(found)}], step)
    return _act_on(turn, found, intent, confidence)


def _act_on(turn: Turn, found: CardView, intent: str, confidence: float) -> Reply:
    if intent == "lost_or_stolen_card":
        return _offer_report(found, intent, confidence)
    action = {"tool": intent, "card_id": found.id}
    try:
        with session_scope() as db:
            change = (bank_cards.freeze_card if intent == "freeze_card" else bank_cards.unfreeze_card)(
                db=db, owner_id=turn.customer.user_id, card_id=found.id
            )
    except CardActionRejected as exc:
        text = f"{exc.detail}. {REPLACEMENT.replace('will arrive', 'is on its way and arrives')}"
        return Reply(text, NAME, intent, confidence, [{**action, "result": exc.reason}])
    card = change.card
    if intent == "freeze_card":
        text = (
            f"Your **{_label(card)}** is now **frozen**: no payments or withdrawals will go through. "
            "Say **unfreeze my card** whenever you want to use it again."
            if change.changed
            else f"Your **{_label(card)}** was already frozen. Say **unfreeze my card** to use it again."
        )
    else:
        text = (
            f"Your **{_label(card)}** is **active** again and ready to use."
            if change.changed
            else f"Your **{_label(card)}** is already active."
        )
    return Reply(text, NAME, intent, confidence, [{**action, "changed": change.changed}])


def _offer_report(card: CardView, intent: str, confidence: float) -> Reply:
    if card.status == "lost":
        text = f"Your **{_label(card)}** is already reported lost and blocked. {REPLACEMENT}"
        return Reply(text, NAME, intent, confidence, [{"tool": "report_lost", "card_id": card.id, "changed": False}])
    text = (
        f"I'm sorry to hear that. I can block your **{_label(card)}** permanently now, so nobody can use it. "
        f"{REPLACEMENT}\n\nIf you think it may turn up, say **freeze my card** instead: that can be undone.\n\n"
        "Shall I report it lost and block it? Reply **yes** or **no**."
    )
    step = PendingStep(flow=FLOW, stage="confirm", slots={"card_id": card.id})
    return Reply(text, NAME, intent, confidence, [{"tool": "report_lost", "step": "asked", "card_id": card.id}], step)


def continues(turn: Turn, intent: str) -> bool:
    """A yes, a no or a doubt answers the waiting report; naming a card answers the waiting choice."""
    assert turn.pending is not None
    if dialogue.said_no(turn.text, intent):
        return True
    if dialogue.changes_subject(turn.text, intent, INTENTS):
        return False
    if turn.pending.flow == CHOICE_FLOW:
        return not isinstance(_which(turn), list)
    return dialogue.is_yes(turn.text) or dialogue.holds(turn.text, intent, INTENTS)


def resume(turn: Turn, intent: str, confidence: float) -> Reply:
    """Act on the chosen card; block a card only after a clear yes; leave it alone after a no or a doubt."""
    assert turn.pending is not None
    if turn.pending.flow == CHOICE_FLOW:
        if dialogue.said_no(turn.text, intent):
            return Reply("Okay, I've left your cards as they are.", NAME, "cancel", 1.0, [])
        chosen = _which(turn)
        wanted = str(turn.pending.slots.get("intent", "freeze_card"))
        if isinstance(chosen, list) or wanted not in INTENTS:
            return Reply("I couldn't tell which card. Please try again.", NAME, wanted, confidence, [])
        return _act_on(turn, chosen, wanted, 1.0)
    card_id = turn.pending.slots.get("card_id")
    if dialogue.said_no(turn.text, intent) or not isinstance(card_id, int):
        return Reply("Okay, I haven't reported the card. It works as before.", NAME, "cancel", 1.0, [])
    if not dialogue.is_yes(turn.text):  # blocking is for good: a question or a doubt is not a yes
        text = (
            "No problem, I haven't blocked anything. Blocking is permanent, so take your time: reply **yes** "
            "to report the card lost and block it, **no** to leave it as it is, or say **freeze my card** "
            "to pause it in a way you can undo."
        )
        return Reply(
            text, NAME, "hold", 1.0, [{"tool": "report_lost", "step": "held", "card_id": card_id}], turn.pending
        )
    try:
        with session_scope() as db:
            change = bank_cards.report_lost(db=db, owner_id=turn.customer.user_id, card_id=card_id)
    except CardNotFound:
        return Reply("I couldn't find that card any more.", NAME, "confirm", 1.0, [])
    text = f"Done. Your **{_label(change.card)}** is reported lost and permanently blocked. {REPLACEMENT}"
    return Reply(text, NAME, "confirm", 1.0, [{"tool": "report_lost", "card_id": card_id, "changed": change.changed}])


def reminder(pending: PendingStep) -> str:
    """The waiting question, asked again after a change of subject."""
    if pending.flow == CHOICE_FLOW:
        return "By the way, which card did you mean? Name it, or say **cancel**."
    return "By the way, shall I still report your card lost? Reply **yes** or **no**."
