"""Questions about cards that are answered, never acted on: where a card's details are, freeze or block.

"whats the cvv on my card" was read as an unfreeze and "whats the difference between freezing and cancelling"
as an unfreeze too: with a frozen card either would have changed it without a yes. Here each is an answer.
Only the last four digits of a card exist in the bank (``CardView.last4``), so the chat says where the rest is.
"""

from __future__ import annotations

import re

from bankchat.agents.flows.cards import label
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome
from bankchat.agents.knowledge import fact
from bankchat.bank import cards as bank_cards

_DETAILS = re.compile(
    r"\b(?:card\s+(?:number|no|num|details|info)|long number|16.digit|sixteen digit|cvv2?|cvc|security code"
    r"|(?:3|three).digit (?:code|number)|numbers? on (?:the )?(?:front|back) of (?:my|the) card"
    r"|expiry date|exp date|expiration date|valid (?:thru|through|until) date)\b",
    re.IGNORECASE,
)
_EXPIRING = re.compile(r"\b(?:about to|going to|gonna|soon|nearly|will|when does)\b.{0,20}\bexpir", re.IGNORECASE)
"""A card about to expire is the renewal article; only the date itself, asked, is a detail."""
_ACTS_OR_FEARS = re.compile(
    r"\b(?:freez\w*|unfreez\w*|block\w*|cancel\w*|lost|lose|stole\w*|nicked|someone|somebody|hack\w*|scam\w*"
    r"|phish\w*|leak\w*|compromis\w*|fraud\w*|gave|given|shared|entered)\b",
    re.IGNORECASE,
)
"""An order naming the card by its number ("freeze the card number ending 3076"), or details in the wrong hands
("someone has my card details"): the freeze, the report or the fraud help, not where the details are."""
_FREEZE_OR_BLOCK = re.compile(
    r"\b(?:difference|diff)\b.{0,40}\b(?:freez\w*|frozen)\b.{0,30}\b(?:cancel\w*|block\w*|report\w*|lost|stop\w*)\b"
    r"|\b(?:difference|diff)\b.{0,40}\b(?:cancel\w*|block\w*|report\w*|stop\w*)\b.{0,30}\b(?:freez\w*|frozen)\b"
    r"|\b(?:should|shall|do) i\b.{0,20}\bfreeze\b.{0,20}\bor\b.{0,20}\b(?:cancel|block|report|stop)\w*\b"
    r"|\b(?:should|shall|do) i\b.{0,20}\b(?:cancel|block|report|stop)\w*\b.{0,20}\bor\b.{0,20}\bfreeze\b",
    re.IGNORECASE,
)

WHERE_DETAILS = (
    "For your security I never show a full card number, expiry date or security code (CVV) in chat. In the app, "
    "open **Cards**, pick the card and tap **Show details**; you confirm it's you first. To pay online before a "
    "card arrives, a virtual card works straight away. Never give these details to anyone who contacts you, us "
    "included."
)
FREEZE_OR_BLOCK = (
    "- **Freeze** pauses the card: nothing can be paid with it, and you can unfreeze it instantly. Direct debits "
    "still go out, as they use your account number. Best if you might find it again.\n"
    "- **Report it lost or stolen** (cancelling it) blocks it for good, and we post a free replacement with a new "
    "number, arriving in {replacement_time}. Best if it's definitely gone or someone else has used it.\n\n"
    "Not sure? Freeze it first: say **freeze my card**, or **I lost my card** to block it (I'll check with you "
    "before blocking)."
)


def asks_card_details(text: str) -> bool:
    """ "whats my card number", "whats the cvv on my card", "i need my card details to buy something online"."""
    return bool(_DETAILS.search(text)) and not _EXPIRING.search(text) and not _ACTS_OR_FEARS.search(text)


def asks_freeze_or_block(text: str) -> bool:
    """ "whats the difference between freezing and cancelling my card", "should i freeze or cancel it"."""
    return bool(_FREEZE_OR_BLOCK.search(text))


def _details(ctx: FlowContext, filled: Filled) -> Outcome:
    cards = bank_cards.list_cards(db=ctx.db, owner_id=ctx.owner)
    action = {"tool": "list_cards", "shown": [c.id for c in cards]}
    if not cards:
        return Outcome("You don't have any cards with us.", (action,))
    names = " and ".join(f"**{label(c)}**" for c in cards)
    return Outcome(f"You have your {names}.\n\n{WHERE_DETAILS}", (action,))


def _freeze_or_block(ctx: FlowContext, filled: Filled) -> Outcome:
    text = FREEZE_OR_BLOCK.format(replacement_time=fact("replacement_time"))
    return Outcome(text, ({"tool": "card_answers", "answer": "freeze_or_block"},))


CARD_DETAILS = Flow(
    name="card_details",
    purpose="Say which cards the customer has (last four digits) and where their full details are; never act.",
    agent="cards",
    act=_details,
)
FREEZE_OR_BLOCK_FLOW = Flow(
    name="freeze_or_block",
    purpose="Explain freezing a card against reporting it lost (a question, never either action).",
    agent="cards",
    act=_freeze_or_block,
)
