"""Topics a message must give evidence for: the classifier's pick moves to its sibling when it does not.

BANKING77 names some topics by one detail, and nearly every training message for them says
it: 91 of the 97 messages about a *disposable* virtual card say disposable, single-use,
one-time or the like, and 171 of the 181 about a balance not updated after a *cheque or cash*
deposit name the cheque, the cash or the deposit. The few that do not (several plainly
"can I get a virtual card") pull ordinary questions to the wrong article. So a pick that
lacks its detail goes to the sibling topic the message does describe; a message that says
neither keeps the classifier's pick.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bankchat.agents.patterns import one_of

_VIRTUAL = re.compile(r"\b(virtual|digital|online)\s+(debit\s+|credit\s+)?cards?\b", re.IGNORECASE)
_DISPOSABLE = one_of(
    r"dispos\w*|single[- ]?use|one[- ]?(time|off|use|shot)|temporary|temp|throw[- ]?away|burner|"
    r"use (it )?(just )?once|only once|expir\w*|limited"
)
_SENT_TO_ME = re.compile(
    r"\b(sent|send|transferr?ed|transfered|wired|paid)\b.{0,25}\b(me|my account|my balance)\b"
    r"|\b(sent|transfer) to me\b",
    re.IGNORECASE,
)
_MISSING = re.compile(
    r"\b(missing|where('?s| is| has)|still waiting)\b"
    r"|\b(not|never|cannot|cant|hasn'?t|haven'?t|isn'?t|didn'?t|can'?t|wasn'?t|aren'?t|doesn'?t|won'?t)\s+"
    r"(\w+\s+){0,2}?(show\w*|there|here|arriv\w*|receiv\w*|appear\w*|come|came|gone|reflect\w*|updat\w*|"
    r"visible|see|seen|got|go through|land\w*|clear\w*|in my|into my)\b",
    re.IGNORECASE,
)
_DEPOSITED = one_of(
    r"cheques?|checks?|cash|deposit\w*|atm|cash machine|paid (it |some money |money )?in|put (some |the )?"
    r"(money|cash|it) in(to)?"
)


_DIRECT_DEBIT = one_of(
    r"direct[- ]?debits?|dd|debit orders?|mandates?|standing orders?|automatic (debits?|payments?)|"
    r"recurring|every month|monthly|subscriptions?"
)
"""What makes an unrecognised payment a direct debit's: 53 of BANKING77's 182 messages under that label
say none of it and are plain payments the customer did not make (the fraud flow's business)."""
_NOT_MINE = one_of(
    r"recogni[sz]e|recogni[sz]ed|didn'?t (make|do|authori[sz]e|buy|pay)|did not (make|do|authori[sz]e)|"
    r"not mine|wasn'?t me|not me|never made|unauthori[sz]ed|fraud\w*|strange|weird|unknown|suspicious|"
    r"someone else|what is this charge|don'?t know what"
)
"""A payment the customer says is not theirs: without it ("my debit card") nothing is a fraud report."""

_EXPIRES = one_of(
    r"expir\w*|go(es)? (bad|off)|out of date|stops? working|runs? out|valid (until|till|thru|through)|"
    r"works? until|end (month|date)"
)
"""A card's expiry in plain words ("will my card go bad soon", "it works until what month")."""
_DELIVERY = one_of(r"arriv\w*|deliver\w*|post(ed|al)?|mail(ed)?|ship\w*|track\w*|sent|dispatch\w*|come|coming|order\w*")

_MONEY_IN_TOPICS = frozenset(
    {"balance_not_updated_after_cheque_or_cash_deposit", "transfer_not_received_by_recipient", "receiving_money"}
)


@dataclass(frozen=True)
class Sibling:
    """When the classifier picks one of ``picked`` and the message says all of ``says`` but none of ``detail``."""

    picked: frozenset[str]
    instead: str
    """The topic the message describes."""
    says: tuple[re.Pattern[str], ...]
    """What the message must say for ``instead`` to fit."""
    detail: re.Pattern[str]
    """The detail that keeps the classifier's pick."""


SIBLINGS: tuple[Sibling, ...] = (
    Sibling(frozenset({"get_disposable_virtual_card"}), "getting_virtual_card", (_VIRTUAL,), _DISPOSABLE),
    Sibling(
        _MONEY_IN_TOPICS,
        "balance_not_updated_after_bank_transfer",
        (_SENT_TO_ME, _MISSING),  # someone sent the customer money, and it is not there
        _DEPOSITED,
    ),
    # "will my debit card go bad soon": its expiry, not a new card's delivery
    Sibling(frozenset({"card_delivery_estimate", "card_arrival"}), "card_about_to_expire", (_EXPIRES,), _DELIVERY),
    # "there's a payment I don't recognise from amazon": a card payment, not a direct debit
    Sibling(
        frozenset({"direct_debit_payment_not_recognised"}), "card_payment_not_recognised", (_NOT_MINE,), _DIRECT_DEBIT
    ),
)
_BY_PICK = {intent: sibling for sibling in SIBLINGS for intent in sibling.picked}


def sibling(intent: str, text: str) -> str | None:
    """The topic ``text`` describes instead of the classifier's ``intent``, or None when ``intent`` stands."""
    rule = _BY_PICK.get(intent)
    if rule is None or rule.detail.search(text) or not all(p.search(text) for p in rule.says):
        return None
    return rule.instead
