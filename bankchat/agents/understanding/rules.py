"""Phrasings the classifier must not be left to guess: actions vs questions, vague requests, "are you a bot?"."""

from __future__ import annotations

import functools
import re

from bankchat.agents.money import MONEY_VERBS
from bankchat.agents.patterns import one_of
from bankchat.agents.router import asks_for_person
from bankchat.agents.schedule_words import names_later_day, reads_end, repeats, without_open_end

_ACTION_FRAME = re.compile(
    r"\b(i'?d like to|i would like to|i want to|i wanna|i need to|i have to|can i|could i|can you|could you|"
    r"please|pls|help me|let me|let's|lets|i'm trying to|how do i)\b|^\s*(make|do|send|transfer|pay|move)\b",
    re.IGNORECASE,
)
_QUESTION_ABOUT = re.compile(
    r"^\s*(why|when|where|how long|how come|what happened|has|have|is|did)\b"
    r"|\b(hasn'?t|haven'?t|didn'?t|not|never|still)\b.{0,30}"
    r"\b(arrived?|gone through|come through|shown? up|received?)\b",
    re.IGNORECASE,
)
_FLOW_ACTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "transfer_money",
        re.compile(
            r"\b(make|do|send|set up|start)\s+(a\s+|an?\s+)?(bank\s+)?(transfer|payment)\b"
            r"|\b(send|transfer|move|wire)\s+(some\s+|a bit of\s+)?(money|cash|funds)\b"
            r"|\bpay (someone|somebody|a friend|a payee|one of my payees)\b",
            re.IGNORECASE,
        ),
    ),
)
_PAY = re.compile(
    rf"\b({MONEY_VERBS})\s+(it|them|[£$€\d]|(?!(?:me|us|you|off|for|back|in|on|out|up|down|the|a|an|"
    r"my|your|their|his|her|about|over|around|to)\b)[a-z]+\s+[£$€]?\d)",
    re.IGNORECASE,
)
_STANDING = one_of(r"standing orders?|recurring (payments?|transfers?)|regular (payments?|transfers?)")
_ASKS = re.compile(r"^\s*(how|what|when|why|which|who|do|did|does|is|are|am|have|has)\b", re.IGNORECASE)
_MOVE_MONEY = one_of(MONEY_VERBS)
_PAYEE_LIST = re.compile(
    r"\b(who('?s| is| are)|list|show|see|view|what are|which)\b.{0,40}\b(payees?|payee list|saved (people|recipients|"
    r"contacts|accounts))\b|\bmy payees\b",
    re.IGNORECASE,
)
_BOT = re.compile(
    r"\b(are|r) (you|u) (a |an )?(bot|robot|real|human|person|ai|machine|computer|chat ?bot)\b"
    r"|\bam i (talking|chatting|speaking) (to|with) (a |an )?(bot|human|real person|machine|computer|robot|ai)\b"
    r"|\bis this (a |an )?(bot|robot|real person|human|ai)\b",
    re.IGNORECASE,
)
_VAGUE = re.compile(
    r"^\s*(hi,?\s*|hello,?\s*)?(i\s+)?(need|want|would like|could use|have)?\s*(some\s+)?"
    r"(help|a (question|problem|query|issue))\s*(with|w/?|about|on)?\s*(my\s+)?(account|bank(ing)?|money|card)?"
    r"\s*(please|pls)?[\s.!?]*$"
    r"|^\s*i\s+(need|want|could use)\s+(some\s+)?(money|cash)(\s+please)?[\s.!?]*$"
    r"|^\s*(there'?s |there is )?(something|sth|smth)('?s| is)? (wrong|off|not right|up) (with|on) my "
    r"(account|bank(ing)?)[\s.!?]*$|^\s*(something|sth)('?s| is) (wrong|not right)[\s.!?]*$"
    r"|^\s*(there'?s |there is |i have |i've got )?an? (problem|issue) with my (account|bank(ing)?)[\s.!?]*$",
    re.IGNORECASE,
)
_RANKED = one_of(r"biggest|largest|smallest|cheapest|most expensive|priciest|highest|lowest")
_INCOME = one_of(r"salary|wages?|paid me|pay ?day|income|got paid|was paid|last paid|paycheck")
_PRICE = re.compile(
    r"\b(what|how much)\s+(does|do|will|would|is|are)\b.{0,40}\b(cost|charge|fee|fees|price)\b"
    r"|\b(is|are)\s+(it|there|they)\s+(free|a fee|any fees?|a charge)\b"
    r"|\b(price list|your fees|how much do you charge)\b",
    re.IGNORECASE,
)
_MONEY_OUT = one_of(
    r"purchases?|payments?|spend(ing)?|spent|transactions?|charges?|expenses?|bought|paid|buys?|shops?|"
    r"debits?|outgoings?|bills?|things? i|transfers"
)
_BILL = one_of(r"minimum|min|due|bill|statement|pay off|repay(ment)?")
_CHARGED = one_of(r"charged|why|took|taken|deducted|extra")
_COMBINED = re.compile(
    r"\b(savings?|checking|current|everyday|accounts?)\b.*\b(combined|together|altogether|in total|total|both)\b"
    r"|\b(combined|total|overall)\s+(balance|money|savings)\b",
    re.IGNORECASE,
)
_CARD = r"cards?|debit|credit|visa|mastercard|amex"
"""The words of a card: the word itself, its kind or its brand."""
_CARD_OR_WALLET = one_of(rf"{_CARD}|master card|wallet|purse")
_STOLEN = re.compile(
    r"\b(stolen|stole|nicked|pinched|nabbed|robbed|mugged|snatched|pick ?pocket(ed|s)?|pickpocketed|"
    r"lost(?! track| out| money| interest)|missing|misplaced|can'?t find|cannot find)\b"
    r"|\b(someone|somebody|they|thief)\s+(took|has taken|grabbed|swiped)\b",
    re.IGNORECASE,
)
"""Loss and theft as customers put them, British slang included ("my card got nicked on the bus", "block my card
i lost it", "wallet was pinched")."""
_DETAILS = one_of(
    r"details|number|numbers|info|information|data|online|cloned|skimmed|pin|payments?|transfers?|money|"
    r"refunds?|transactions?|deposits?|funds|top ?ups?|delivery|post|how long|how soon|time ?frame|when will|"
    r"wait|timeline|lag|receiv\w*|replac\w*|new card|used it|using it"
)
"""Stolen *details* are a compromised card (the fraud flow freezes it); a missing *payment*, a card lost in the
post, how long a replacement takes or a stolen card already used are something else again: the classifier
decides those, not this rule."""
VAGUE_OPTIONS = (
    "check_balance",
    "list_transactions",
    "transfer_money",
    "freeze_card",
    "lost_or_stolen_card",
    "human_handoff",
)
"""What a vague "I need help with my account" is offered."""


def action_intent(text: str) -> str | None:
    """The flow a clear request to *do* something names ("I'd like to make a transfer"), not a question about it."""
    if _QUESTION_ABOUT.search(text) or (not _ACTION_FRAME.search(text) and len(text.split()) > 3):
        return None
    for intent, pattern in _FLOW_ACTIONS:
        if pattern.search(text):
            return intent
    return None


def asks_standing_order(text: str) -> bool:
    """A payment that repeats ("standing order", "pay mum 50 every month", "set up a monthly payment to priya"),
    one of the customer's standing orders ("change my rent one to 950") or why one was not paid ("why wasn't my
    rent paid"): never a one-off transfer."""
    asks = _ASKS.match(text) is not None  # "how much do I pay a month for netflix" asks about what was paid
    if _STANDING.search(text) or _STANDING_ONE.search(text):
        return True
    return not asks and bool(repeats(text) and (_MOVE_MONEY.search(text) or _SETS_UP_PAYMENT.search(text)))


_SETS_UP_PAYMENT = re.compile(r"\b(?:set ?up|setup|create|start|make|arrange|add)\b.{0,30}\bpayments?\b", re.I)


def asks_what_is_paid(text: str) -> bool:
    """ "how much do i pay for netflix every month", "how much have i been paying spotify": what went out, a
    question about spending (never the card bill, a fee or a payment to make)."""
    return bool(_PAYS_FOR.search(text))


_PAYS_FOR = re.compile(
    r"^\s*how much (?:do|did|have) (?:i|we) (?:been )?(?:pay|paid|paying|spend|spent|spending)\b"
    r"(?!.{0,40}\b(?:off|bill|back|minimum|fees?|charges?|to (?:send|transfer|withdraw)|abroad|interest)\b)"
    r"(?=.{0,40}\b(?:for|on|to|at)\s+\S)",
    re.IGNORECASE,
)


_STANDING_ONE = re.compile(
    r"\bwhy\s+(?:wasn'?t|was not|didn'?t|did not|hasn'?t|has not|isn'?t)\s+(?:my|the)\s+(?:rent|mortgage)\b"
    r"|\b(?:change|amend|update|increase|raise|reduce|lower|cancel|stop)\s+(?:my|the)\s+"
    rf"(?!{_CARD}|account|savings|checking|current|pin|last|other|first|second)\w+\s+one\b"
    r"|\b(?:change|amend|update|increase|raise|reduce|lower|cancel|stop)\s+(?:my|the)\s+one\s+(?:to|for)\s+\w+",
    re.IGNORECASE,
)
"""Without the words "standing order": "why wasn't my rent paid", "change my rent one to 950", "cancel the one to
priya" (with nothing waiting: a waiting payment takes that as its no first)."""
_SO_SKIPPED = re.compile(
    r"\b(?:why|what happened|how come)\b.{0,60}(?:\bnot|n'?t|\bnever|\bskipped|\bmissed|\bfail\w*|\bbounced)\b"
    r"|\b(?:skipped|missed|failed|bounced)\b",
    re.IGNORECASE,
)
_SO_CANCEL = one_of(r"cancel\w*|stop|end|delete|remove|scrap|get rid of")
_SO_AMEND = one_of(r"change|amend|update|edit|increase|decrease|reduce|lower|raise|move|make it|alter")
_SO_SET_UP = re.compile(
    r"\d|\b(?:set ?up|setup|create|new|make|add|start|open)\b|\bevery\b|\b(?:weekly|monthly)\b", re.I
)


def standing_order_intent(text: str) -> str:
    """Which standing order flow a message that ``asks_standing_order`` is for: explain a skipped payment,
    cancel, amend, list, or (anything else) set one up."""
    if _SO_SKIPPED.search(text):
        return "standing_order_skipped"
    if _SO_CANCEL.search(without_open_end(text)):  # "stop the one to mum after march": an end date, not a cancel
        return "amend_standing_order" if reads_end(text) else "cancel_standing_order"
    if _SO_AMEND.search(text):
        return "amend_standing_order"
    if not _SO_SET_UP.search(text):
        return "list_standing_orders"  # "my standing orders", "how do standing orders work"
    return "standing_order"


def says_pay(text: str) -> bool:
    """A verb that moves money, then what or whom ("send it", "pay tom 15"): with an amount, an order to pay."""
    return bool(_PAY.search(text))


def orders_later_payment(text: str) -> bool:
    """An order to pay once on a later day ("pay bob 15 on friday", "send priya 10 tomorrow"): set up to go
    that day, never sent now. A question ("did i pay bob 15 on friday") or a repeat ("every friday") is not one."""
    return says_pay(text) and _ASKS.match(text) is None and names_later_day(text)


def reports_lost_or_stolen_card(text: str) -> bool:
    """A card (or the wallet it was in) lost or stolen, in any words: urgent, never left to a guess.

    The card flow still reads the block back and waits for a clear yes, so a question like
    "what if my card is stolen?" blocks nothing by itself.
    """
    return bool(_STOLEN.search(text)) and bool(_CARD_OR_WALLET.search(text)) and not _DETAILS.search(text)


_WORTH = re.compile(
    r"\bnet worth\b|\b(total|balance|money)\b.{0,12}\bacross\s+(everything|all( of)?( my)?( accounts)?)\b",
    re.IGNORECASE,
)
_SPENT = one_of(r"spend|spent|spending|paid|bought|purchases?|in and out|income|earned")


def asks_combined_balance(text: str) -> bool:
    """ "savings n checking combined", "how much have I got altogether", "my total across everything", "net
    worth" (a question with no amount in it, not about spending)."""
    said = bool(_COMBINED.search(text)) or (bool(_WORTH.search(text)) and not _SPENT.search(text))
    return said and not re.search(r"\d", text)


def asks_ranked(text: str) -> bool:
    """ "my biggest purchases", "the smallest thing I paid for" (not about money coming in, nor "the highest
    amount I can spend", which is a limit)."""
    if not _RANKED.search(text) or _INCOME.search(text) or _BILL.search(text) or _ALLOWANCE.search(text):
        return False
    return bool(_MONEY_OUT.search(text))


_COUNT = re.compile(
    r"^\s*how many (?:transfers?|payments?|transactions?|purchases?|times)\b.{0,40}\b(?:i|i've|ive|we)\b", re.I
)


_COMPLAINT = re.compile(
    r"\b(you|u|ur|you'?re|youre|this (bot|chat|thing|assistant|app)|bot|chatbot|assistant)\b.{0,25}"
    r"\b(useless|rubbish|stupid|pointless|terrible|awful|crap|hopeless|a joke|unhelpful|no help|"
    r"not (very |at all |much |being )?help(ful|ing)?)\b"
    r"|\b(useless|rubbish|stupid|pointless|terrible|awful|crap|hopeless)\s+(bot|chatbot|assistant|thing|app)\b",
    re.IGNORECASE,
)


def complains(text: str) -> bool:
    """ "ur useless", "you're not helpful at all": a complaint about the assistant, answered with an apology and
    the way to a person (never "you're welcome", which the classifier made of the second)."""
    return bool(_COMPLAINT.search(text))


def asks_count(text: str) -> bool:
    """ "how many transfers did i make today", "how many times have i paid netflix": counted from the statement,
    never a support article about transfers."""
    return bool(_COUNT.search(text))


_PAY_OFF = re.compile(
    r"\b(?:pay|paying|clear|clearing)\s+"
    r"(?:(?:it|this|that|the (?:whole |full )?(?:balance|bill)|(?:my |the )(?:credit )?card(?: bill| balance)?)\s+)?"
    r"off\b(?!\s+(?:my |the )?(?:overdraft|loan|mortgage))"
    r"|\bclear (?:my |the )(?:credit )?card(?: bill| balance)?\b",
    re.IGNORECASE,
)


def pays_off_card(text: str) -> bool:
    """ "pay it off", "pay off my credit card", "clear the card": the card bill in full, never a transfer
    that asks how much."""
    return bool(_PAY_OFF.search(text))


_SCAM = re.compile(
    r"\bsafe account\b|\bscam\w*|\bphish\w*"
    r"|\b(?:someone|somebody|a man|a woman|a guy|they|caller|he|she)\b.{0,40}\b(?:asking|asked|told|telling|wants?)"
    r"\b.{0,20}\bto (?:move|transfer|send|withdraw)\b.{0,30}\b(?:money|savings|funds|everything|it all)\b"
    r"|\b(?:text|call|phone call|email|message)\b.{0,40}\b(?:from|pretending to be|claiming to be|saying (?:it|they)"
    r" (?:was|were|is|are)) (?:the |my |your )?(?:bank|police)\b.{0,60}\b(?:asking|asked|wants?|wanted|told|link"
    r"|details|codes?|pin|passcode|verify|confirm)\b"
    r"|\b(?:texts?|sms|e-?mails?|messages?|whatsapp|dm)\b.{0,60}\b(?:click(?:ing)?|tap(?:ping)?|follow(?:ing)?|open(?:ing)?)"
    r"\b.{0,15}\blinks?\b"
    r"|\b(?:texts?|sms|e-?mails?|messages?|whatsapp|dm)\b.{0,60}\b(?:verify|confirm|update|re-?enter)\s+(?:my|your|our)\s+"
    r"(?:account|details|identity|card|bank details|security)\b",
    re.IGNORECASE,
)
_MONEY_WORRIES = re.compile(
    r"\bstruggl\w*\b.{0,20}\b(?:pay|bills|money|debts?|rent|mortgage|payments)\b"
    r"|\bcan'?t (?:afford|pay|keep up with) (?:my |the )?(?:bills|rent|mortgage|minimum|credit card|debts?|payments)"
    r"|\b(?:in|into|drowning in) debt\b|\bfinancial (?:difficult\w*|hardship|trouble)|\bmoney (?:worries|problems)\b"
    r"|\bbehind (?:on|with) (?:my )?(?:bills|rent|payments|mortgage)\b|\bpayment (?:break|holiday)\b",
    re.IGNORECASE,
)


_KIN = r"(?:husband|wife|partner|mum|mom|mother|dad|father|son|daughter|brother|sister|grandmother|grandfather|nan)"
_BEREAVED = re.compile(
    rf"\b(?:passed away|passed on|death of|bereave\w*|deceased|funeral|lost my {_KIN}"
    rf"|{_KIN}\s+(?:has |had |just |sadly )?died)\b",
    re.IGNORECASE,
)
"""A death in the family; "my phone died" is none."""
_FORMAL_COMPLAINT = re.compile(
    r"\b(?:make|file|raise|lodge|log|submit|have) (?:a |an official |a formal )?complaint\b"
    r"|\bi(?:'d| would)? (?:like|want) to complain\b|\bcomplaints? (?:team|department|procedure|process)\b",
    re.IGNORECASE,
)


_WITHDRAWS_PERSON = re.compile(
    r"\b(?:cancel|withdraw|forget|scrap|drop)\b.{0,30}\b(?:person|human|someone|agent|colleague|call ?back"
    r"|request (?:for|to) (?:a |talk|speak|chat))\b"
    r"|\b(?:don'?t|do not|no longer) need (?:a |the |to talk to a |to speak to a )?(?:person|human|someone|help|agent)"
    r"|\bi(?:'ve| have)? (?:sorted|fixed|solved) it\b|\bnever ?mind (?:about )?(?:the |a )?(?:person|human|agent)\b",
    re.IGNORECASE,
)


def withdraws_handoff(text: str) -> bool:
    """ "never mind, cancel the request for a person", "i sorted it": no person needed any more."""
    return bool(_WITHDRAWS_PERSON.search(text))


def reports_bereavement(text: str) -> bool:
    """ "my husband passed away and i need to sort his account": condolences and the bereavement team."""
    return bool(_BEREAVED.search(text))


def wants_to_complain(text: str) -> bool:
    """ "i want to make a complaint": the complaints team (a complaint about this chat is ``complains``)."""
    return bool(_FORMAL_COMPLAINT.search(text))


def describes_scam(text: str) -> bool:
    """ "someone is asking me to move my money to a safe account", "i got a text from the bank asking for my
    details", "i think ive been scammed": a warning and the fraud team, never a transfer."""
    return bool(_SCAM.search(text))


def has_money_worries(text: str) -> bool:
    """ "im struggling to pay my bills", "i cant afford my rent": help and a person, never a transfer."""
    return bool(_MONEY_WORRIES.search(text))


def asks_price(text: str) -> bool:
    """ "what does a transfer cost?", "is it free to take cash out?" (not "why was I charged ...", nor what
    the customer's own bills cost); "whats the daily transfer limit", "how much can i send in a day" (the limit
    is on the same price list)."""
    price = bool(_PRICE.search(text)) and not _CHARGED.search(text) and not _OWN_BILLS.search(text)
    return price or bool(_SENDING_LIMIT.search(text))


_SENDING_LIMIT = re.compile(
    r"\b(?:daily |day'?s )?(?:transfer|payment|sending)s? limits?\b|\bdaily limit (?:for|on) (?:transfers|payments)\b"
    r"|\bhow much (?:money )?can i (?:send|transfer|pay out)\b.{0,20}\b(?:a|per|in a|each) day\b",
    re.IGNORECASE,
)


_ALLOWANCE = one_of(r"limit|allowed|(amount|most|much) i can (spend|withdraw|take out|borrow)")
_OWN_BILLS = re.compile(r"\bmy (\w+ )?bills?\b", re.I)
_FRAUD = one_of(r"fraud|fraudulent|unauthori[sz]ed|didn'?t make|did not make|wasn'?t me|not me")


_SENT_ME = re.compile(
    r"^\s*(?:did|has|have|when did|how much did|how much has|what did|what has)\s+"
    r"(?!(?:you|u|ya|i|we|they|it|the bank|you guys)\b)[a-z]+(?:\s+[a-z]+)?\s+"
    r"(?:send|sent|pay|paid|transfer|transferred)\s+(?:me|us)\b",
    re.IGNORECASE,
)


_FROM_SOMEONE = re.compile(
    r"\b(?:money|payments?|anything|something|cash|transfers?|funds)\s+(?:come\s+|came\s+)?(?:in\s+)?from\s+"
    r"(?!(?:my|the|your|our|savings|checking|current|credit|account|card)\b)[a-z]+",
    re.IGNORECASE,
)


def says_pay_verb(text: str) -> bool:
    """A verb that moves money ("yes send it"), wherever it stands."""
    return bool(_MOVE_MONEY.search(text))


_ASKS_ABOUT_MONEY_IN = re.compile(
    r"\s*(any|did|has|have|was there|were there|is there|are there|how much|what|when|show|list)\b", re.I
)
_INTO_MINE = re.compile(r"\b(to|into)\s+(my|our|the)\b", re.IGNORECASE)
"""Money going to one of the customer's accounts: an order to move it ("... from chase into my savings")."""


def asks_money_from(text: str) -> bool:
    """ "did bob send me anything", "has my landlord paid me back", "any money in from bob?": money in from
    someone, never a transfer out (an order to move money is one, whatever else it says)."""
    asked = bool(_ASKS_ABOUT_MONEY_IN.match(text)) and not _MOVE_MONEY.search(text) and not _INTO_MINE.search(text)
    return bool(_SENT_ME.search(text)) or (asked and bool(_FROM_SOMEONE.search(text)))


def asks_person_about_fraud(text: str) -> bool:
    """ "I need to talk to someone about fraud on my card": the fraud flow, which freezes the card and brings
    in the fraud team (the person asked for), not the general queue."""
    return bool(_FRAUD.search(text)) and asks_for_person(text)


def asks_to_review_payments(text: str) -> bool:
    """ "my last 5 purchases and whether any of them look dodgy", "is there anything suspicious on my account": a
    look at the payments (the customer decides), not a fraud report that freezes a card."""
    return _REVIEW.search(text) is not None


_ODD = r"(?:dodgy|suspicious|odd|weird|unusual|strange|fishy|shady|fraudulent|off)"
_REVIEW = re.compile(
    rf"\b(?:whether|if)\b.{{0,40}}\b(?:looks?|seems?|are|is)\s+(?:a bit\s+|at all\s+)?{_ODD}\b"
    rf"|\b(?:is there|are there|any|check (?:for|if there'?s)|look(?:ing)? for|spot)\s+(?:\w+\s+){{0,2}}{_ODD}"
    r"(?!\s+(?:to|with)\b)\b",
    re.IGNORECASE,
)


def reports_account_access(text: str) -> bool:
    """ "im worried someone has access to my account", "somebody got into my banking app": the fraud flow (the
    cards frozen, the fraud team brought in), not the lost-phone article."""
    return _ACCESS.search(text) is not None


_ACCESS = re.compile(
    r"\b(?:someone|somebody|some ?one|a stranger|another person|strangers?|they|hackers?)\b.{0,30}"
    r"\b(?:has|have|had|got|gained|getting|get|gets)\s+(?:access|into|in to)\b.{0,20}"
    r"\b(?:my|our)\s+(?:account|accounts|app|banking|online banking|bank account)\b",
    re.IGNORECASE,
)


DETAILS = r"(sort ?codes?|account (numbers?|no\.?|details)|iban|routing numbers?|bank details|bic|swift code)"
"""The words of an account's details, whoever's they are (the customer's own, or a payee's)."""
_NOT_A_NAME = r"what|that|where|it|there|here"
"""Words that take an "'s" and name nobody ("what's", "it's"): not whose details."""
_ACCOUNT_DETAILS = re.compile(
    rf"\b(my|our|what('?s| is| are)|whats|where|give me|tell me|need|find|send me)\b.{{0,25}}\b{DETAILS}\b",
    re.IGNORECASE,
)
_DETAILS_ELSEWHERE = re.compile(
    r"\d{2}[- ]?\d{2}[- ]?\d{2}|\d{6,}|\b(payees?|wrong|incorrect|mistake|typo|entered|change|update)\b"
    r"|\b(send|sent|transfer\w*|pay|paid)\s+(\w+\s+)?(to|into)\b"
    rf"|\b(?!({_NOT_A_NAME})'s)[a-z]+'s\s+(sort|account|iban|bank)|\b(his|her|their)\s+(sort|account|iban|bank)",
    re.IGNORECASE,
)
"""Details given, or someone else's, or a mistake in a payment: not a question about the customer's own."""


def asks_account_details(text: str) -> bool:
    """ "what's my sort code?", "where do i find my account number": the customer's own account details."""
    return bool(_ACCOUNT_DETAILS.search(text)) and not _DETAILS_ELSEWHERE.search(text)


_PAYEE_DETAILS = re.compile(
    rf"\b(?!({_NOT_A_NAME}|who|bank|banks|bankchat)'?s\b)[a-z]+'s?\s+({DETAILS}|bank)\b"
    rf"|\b{DETAILS}\s+(for|of)\s+(?!(my|me|the|your|our|this|that|it)\b)[a-z]+",
    re.IGNORECASE,
)


def asks_payee_details(text: str) -> bool:
    """ "what's bob's sort code?", "account number for mum": a saved payee's details, not the customer's own."""
    return bool(_PAYEE_DETAILS.search(text))


_MINE = one_of(r"my|our|mine|ours")


def says_mine(text: str) -> bool:
    """ "my", "our": the message speaks of the customer's own things."""
    return bool(_MINE.search(text))


_PAYEE_CHANGE = re.compile(
    r"(?P<add_payee>\b(?:add|save|set ?up|create)\b.{0,80}\b(?:as|to) (?:a |my |the )?(?:new )?payees?\b"
    r"|\b(?:new|add(?: a)?(?: new)?|save(?: a)?(?: new)?|set ?up(?: a)?(?: new)?) payee\b)"
    r"|(?P<remove_payee>\b(?:remove|delete|get rid of|take)\b.{1,60}\b(?:from|off) (?:my |the )?"
    r"(?:payees?|payee list|saved payees)\b"
    r"|\b(?:remove|delete) (?:a |the |my )?payee\b)"
    r"|(?P<rename_payee>\brename (?!(?:this|the|my|our) (?:chat|conversation|account|card)\b)\S.{0,60}\b(?:to|as)\b"
    r"|\bcall \w+(?: \w+)? [\"'“‘][^\"'”’]{1,64}[\"'”’]"
    r"|\b(?:change|set|update)\b.{1,40}\bnick ?name\b)",
    re.IGNORECASE,
)


def payee_change(text: str) -> str | None:
    """ "add my brother Tom as a payee ...", "remove my landlord from my payees", "rename bob to Bobby",
    "call priya 'sis'": the flow that changes the payee list (``add_payee``, ``remove_payee``, ``rename_payee``),
    one precompiled pattern; None for anything else ("my payees", "send 20 to bob", "bob's sort code")."""
    said = _PAYEE_CHANGE.search(text)
    return said.lastgroup if said is not None else None


def changes_payees(text: str) -> bool:
    """Whether ``text`` asks to change the payee list: one request, never split at its "and"."""
    return payee_change(text) is not None


def asks_payee_list(text: str) -> bool:
    """ "who's on my payee list?", "show my saved payees"."""
    return bool(_PAYEE_LIST.search(text))


_STATEMENT_WORD = r"(?:statements?|stmts?)"
"""A statement, spelled out or short."""
_STATEMENT = re.compile(rf"\b{_STATEMENT_WORD}\b", re.IGNORECASE)
_STATEMENT_WANTED = re.compile(
    r"\b(?:get|download|see|view|show|send|give|print|export|need|want|request|order|(?:can|could|may) (?:i|we) have)"
    rf"\s+(?:me\s+|us\s+)?(?:[\w'’]+\s+){{0,3}}?{_STATEMENT_WORD}\b|\b(?:pdf|csv)\b"
    rf"|^\W*(?:(?:and|also|now|ok|okay|then|what about|how about)\W+)?(?:[\w'’]+\s+){{0,3}}?{_STATEMENT_WORD}"
    r"\s+(?:for|of|from|pls|please|plz)\b",
    re.IGNORECASE,
)
"""Asked for: a verb of getting or seeing with the statement its object ("get my statement for october",
"download last month's savings statement"), a statement said first and what it is for ("credit card statement
for this month"), or a file format named."""
STATEMENT_WORDS = 4
"""Up to this many words, naming a statement asks for it ("statement pls", "my bank statement")."""
_NOT_A_DOWNLOAD = re.compile(
    r"\b(?:pay|paying|paid|due|minimum|min|owe|owed|balance|charged?|charges|fees?|costs?|paper|post(?:ed)?|e-?mail"
    r"|items?|wrong|error|mistake|dispute|scam\w*|fraud\w*|how do i read|refunds?|payments?|purchases?|withdrawals?"
    r"|direct debits?|transactions? times|pending|revert\w*|recogni[sz]\w*|unknown|unfamiliar|strange|odd|weird"
    r"|random|unusual|correct|incorrect|true|false|right)\b|\b(?:on|in) (?:my|the|your) (?:[\w'’]+ ){0,3}statements?\b",
    re.IGNORECASE,
)
"""A statement's bill, a line on it, a fee for paper ones, an email about one, or "a false statement": other
questions than "give me mine"."""
_NOT_A_MONTH = one_of(r"days?|weeks?|fortnight")
"""A statement is a calendar month: one "for the last 2 weeks" asks for those days' payments."""


def asks_statement(text: str) -> bool:
    """ "can i get my statement for october", "download last month's savings statement", "statement pls": a month
    of an account to read and download (not the card bill's statement balance, nor what is on a statement)."""
    if not _STATEMENT.search(text) or _NOT_A_DOWNLOAD.search(text) or _NOT_A_MONTH.search(text):
        return False
    return len(text.split()) <= STATEMENT_WORDS or bool(_STATEMENT_WANTED.search(text))


_STILL_FINE = r"(ok|okay|alright|all right|fine|safe|usable|affected|good|still\s+working)"
"""A card still fine, asked about (after another was lost): "is my credit card ok"; "is my card working" alone is
the card-not-working question."""
_ASIDE = r"(?:(?:wait|hang on|hold on|ok|okay|and|also|so|oh|btw)\W+)?"
"""A word that opens a question asked mid-way ("wait is my other card ok?" while a lost card waits for a yes)."""
_CARD_STATUS = re.compile(
    rf"^\W*{_ASIDE}(is|are|was|has|have)\s+(my|the|both|all|any of)?\s*(\w+\s+){{0,3}}({_CARD})"
    r"\b.{0,25}\b(frozen|unfrozen|blocked|unblocked|locked|unlocked|active|cancell?ed|on hold)\b"
    rf"|^\W*{_ASIDE}(is|are)\s+(my|the|both|all|any of)?\s*(\w+\s+){{0,3}}({_CARD})s?\s+{_STILL_FINE}\W*$"
    rf"|\bwhat\s+about\s+(my|the)\s+(\w+\s+){{0,2}}({_CARD})s?\b[\s,]*(is|are)\s+(it|that|they|this|those)\s+"
    rf"{_STILL_FINE}\W*$",
    re.IGNORECASE,
)
"""How a card stands, asked: "is my mastercard frozen?", "is my credit card ok", "what about my visa, is it ok"."""


_ARRIVED = re.compile(
    r"^\s*(?:(?:hi|hey|hello|ok|okay|so|and|also)[,!]?\s+)?(?:did|has|have|is|was)\b"
    r".{0,60}?\b(?:(?:go|gone|went|come|came|get|got)\s+(?:thru|through|out|off)|arrived?|reach(?:ed)?|land(?:ed)?|"
    r"cleared|work(?:ed)?|been (?:sent|paid|processed)|get there|got there|gone|still (?:waiting|pending))\b",
    re.IGNORECASE,
)
_SENT_MONEY = re.compile(r"\b(?:transfers?|payments?|money|sent|\d+(?:\.\d\d)?|£\d)")
_INCOMING = re.compile(r"\b(?:salary|wages|refund|card|top.?up|deposit|cheque|from (?!my\b))", re.IGNORECASE)


def asks_if_arrived(text: str) -> bool:
    """ "has it arrived?", "did it go through": whether something went through, whatever it is."""
    return bool(_ARRIVED.search(text)) and not _INCOMING.search(text)


_WHERE_SENT = re.compile(
    r"^\W*(?:where(?:'?s|s| is| are)|wheres|what(?:'?s| is|s)?\s+happen(?:ing|ed)\s+(?:to|with)|any news on"
    r"|(?:what(?:'?s| is) the )?status of)\s+(?:my|the)\s+(?:[\w£.]+\s+){0,3}?(?:payments?|transfers?)\b",
    re.IGNORECASE,
)
"""Where a payment the customer made has got to: "where's my payment?", "what happened to my transfer to mum"."""


def asks_transfer_status(text: str) -> bool:
    """ "did my 20 to bob go thru?", "has the transfer to savings worked", "where's my payment?": about money
    the customer sent, never an order to send it (money coming in and card payments are other questions)."""
    return (asks_if_arrived(text) and bool(_SENT_MONEY.search(text))) or bool(_WHERE_SENT.search(text))


def asks_card_status(text: str) -> bool:
    """ "is my mastercard frozen?", "are my cards blocked": a question about a card, never an order to change it."""
    return bool(_CARD_STATUS.search(text))


_IT_FROZEN = re.compile(
    r"^\W*(?:(?:and|so|ok|okay)\W+)?(?:is|are)\s+(?:it|they|that|this|both|them)\s+(?:(?:both|all)\s+)?(?:now\s+|still\s+|definitely\s+)?"
    r"(?:frozen|unfrozen|locked|unlocked|active|cancell?ed|on hold)\b(?:\s+(?:now|yet|then|properly))?\W*$",
    re.IGNORECASE,
)
"""The card's state asked with a pronoun: "is it frozen now?" after freezing one. Only a card is frozen here,
so this is always a card question; "blocked" is left out ("is it blocked" after a PIN question is the PIN)."""


def asks_if_it_is_frozen(text: str) -> bool:
    """ "is it frozen now?", "are they both unfrozen": a question about the card just talked about; read as an
    order it would freeze the other card without a yes."""
    return bool(_IT_FROZEN.search(text))


def asks_if_bot(text: str) -> bool:
    """ "are you a bot?", "am I talking to a real person?"."""
    return bool(_BOT.search(text))


def is_vague(text: str) -> bool:
    """A request for help that names nothing to help with ("I need help with my account")."""
    return bool(_VAGUE.match(text)) and len(text.split()) >= 2


_DISPUTE_GATE = re.compile(
    r"disput|recogni[sz]|\bcharged twice|double[- ]?charged|\bDS-[2-9A-Z]{4}-[2-9A-Z]{4}\b|cancell?ed\b.{0,60}\bstill\b"
    r"|\bcharge\b.{0,60}\b(?:didn'?t|did not|never) (?:buy|order|make|authori[sz]e)",
    re.IGNORECASE,
)
"""The one search every message pays for the dispute rules; only a message that passes it is read further."""
_DISPUTE_STATUS = re.compile(
    r"\bDS-[2-9A-Z]{4}-[2-9A-Z]{4}\b"
    r"|\b(?:what'?s|whats|what is|what'?s the|any)\s+(?:happening|going on|happened|news|update|the status|the latest)"
    r"\s+(?:with|on|to|of|about)\s+(?:my|the)\s+disputes?\b"
    r"|\b(?:status|update|progress|news)\s+(?:of|on|about)\s+(?:my|the)\s+disputes?\b"
    r"|\bmy\s+disputes?\b.{0,30}\b(?:status|update|progress|sorted|resolved|decided|refunded|rejected|done|"
    r"anywhere|happening|going|news)\b"
    r"|^\W*(?:show|list|see|check)\s+(?:me\s+)?(?:my|the)\s+disputes?\b|^\W*my disputes?\W*$"
    r"|\b(?:is|has|was|did)\s+my\s+dispute\b",
    re.IGNORECASE,
)
_DISPUTE = re.compile(
    r"\bdisput(?:e|ing)\b"
    r"|\b(?:don'?t|dont|do not|didn'?t|didnt|did not|doesn'?t)\s+recogni[sz]e\b"
    r"|\bunrecogni[sz]ed\b|\bnot recogni[sz]ed\b"
    r"|\bcharged twice\b|\bdouble[- ]?charged\b"
    r"|\bcharge\b.{0,60}\b(?:didn'?t|did not|never) (?:buy|order|make|authori[sz]e)"
    r"|\bcancell?ed\b.{0,60}\bstill\s+(?:charg\w*|tak\w*|took|bill\w*|debit\w*)",  # "cancelled it, still charged"
    re.IGNORECASE,
)
_CLEAR_FRAUD = re.compile(
    r"\bdirect debits?\b|\b(?:cash|atm|withdrawals?|cash machine)\b|\bfraud\w*|\bscam\w*|\bstolen\b|\bcloned\b"
    r"|\bskimm\w*|\bhack\w*|\b(?:someone|somebody|strangers?)\b.{0,30}\b(?:using|used|got|has|have)\b",
    re.IGNORECASE,
)
"""Not a dispute of a payment: a direct debit (the Direct Debit Guarantee), cash taken, or clear fraud (someone
else using the card), which the fraud flow handles (it freezes the card and brings in the fraud team)."""


@functools.lru_cache(maxsize=256)
def _dispute_said(text: str) -> str | None:
    """``status``, ``dispute`` or None: what a message says about disputes (the gate searched once per message)."""
    if not _DISPUTE_GATE.search(text):
        return None
    if _DISPUTE_STATUS.search(text):
        return "status"
    return "dispute" if _DISPUTE.search(text) and not _CLEAR_FRAUD.search(text) else None


def asks_dispute_status(text: str) -> bool:
    """ "what's happening with my dispute", "any news on DS-7KQ2-M9XD": how the customer's cases stand."""
    return _dispute_said(text) == "status"


def disputes_payment(text: str) -> bool:
    """ "i dont recognise this payment", "dispute the uber payment from yesterday", "what is this £45.99 charge from
    amazon, i didn't buy that": a dispute of one payment (someone else using the card is fraud, not this)."""
    return _dispute_said(text) == "dispute"


_CHECKS_ACCOUNT = re.compile(
    r"^\W*(?:(?:can|could|would) (?:you|u)\s+|please\s+|pls\s+|plz\s+)?(?:check|see|show(?: me)?|look at|view)\s+"
    r"(?:my|the|our)\s+(?:savings|checking|current|everyday|main)(?:\s+(?:account|acct|a/c))?(?:\s+balance)?"
    r"(?:\s+(?:for me|please|pls|plz|now))?\W*$",
    re.IGNORECASE,
)


def asks_account_balance(text: str) -> bool:
    """ "check my savings", "can you check my savings", "show me my current account": the balance (the classifier
    read "check my savings" as a transfer)."""
    return _CHECKS_ACCOUNT.match(text) is not None


_EXACT_PAYMENT = re.compile(
    r"(?:[£$€](?P<pounds>\d[\d,]*(?:\.\d\d)?)|\b(?P<pence>\d[\d,]*\.\d\d))\s*(?:quid|pounds?|gbp)?\s+"
    r"(?:payments?|charges?|transactions?|debits?|purchases?|one)\b",
    re.IGNORECASE,
)
_ABOUT_A_PAYMENT = one_of(r"what|whats|what's|explain|which|show|find|see|where|why|who")


def exact_payment_amount(text: str) -> str | None:
    """ "the 3.91 payment", "this £10.99 charge": the amount of one payment named by its exact sum (pence or a
    currency sign, so "my last 5 transactions" names none), as written."""
    said = _EXACT_PAYMENT.search(text)
    return (said.group("pounds") or said.group("pence")) if said is not None else None


def asks_about_a_payment(text: str) -> bool:
    """ "what is this 10.99 charge", "show me the 3.91 payment": the customer's own payment of that sum (not the
    price list, which "what is this charge" would otherwise ask)."""
    return exact_payment_amount(text) is not None and _ABOUT_A_PAYMENT.search(text) is not None


def asks_if_paid(text: str) -> bool:
    """ "did i pay bob 15 on friday", "have i already paid the landlord": a question about the statement, never
    an order to pay."""
    return _ASKS_IF_PAID.search(text) is not None


_ASKS_IF_PAID = re.compile(
    r"^\W*(?:did|have|has|had)\s+(?:i|we)\s+(?:already\s+|ever\s+|actually\s+|definitely\s+)?"
    r"(?:pay|paid|send|sent|transfer(?:red)?|move[d]?|give|gave)\b",
    re.I,
)


_TRANSFER_TIME = re.compile(
    r"\bhow long\b(?!.{0,30}\b(?:my|mine|it|that|this)\b).{0,30}\b(?:transfers?|payments?|money)\b.{0,25}"
    r"\b(?:take|to arrive|to go through|to clear|to get there)\b",
    re.IGNORECASE,
)


def asks_transfer_time(text: str) -> bool:
    """ "how long do transfers take", "how long does a payment take to arrive": how long payments take in general
    (the classifier read the first as an incoming transfer missing from the balance); "how long will my transfer
    take" is about one payment of the customer's, left to the status flow."""
    return _TRANSFER_TIME.search(text) is not None


_CUT_BACK = re.compile(
    r"\b(?:cut back|cut down|spend less|spending less|save more|where (?:does|did|is) (?:all )?my money go(?:ing)?)\b",
    re.IGNORECASE,
)


def asks_where_money_goes(text: str) -> bool:
    """ "where can i cut back", "where does my money go": the spending by category (it was out of scope)."""
    return _CUT_BACK.search(text) is not None


_WRONG_PAYEE = re.compile(
    r"\b(?:sent|paid|transferred|send|pay)\b.{0,30}\b(?:to\s+)?(?:the\s+)?wrong\s+(?:person|account|payee|people|"
    r"bank|sort code|account number|details|name)\b|\bwrong (?:account|person) by mistake\b",
    re.IGNORECASE,
)


def sent_to_wrong_payee(text: str) -> bool:
    """ "i sent money to the wrong person": getting it back (the cancel-a-transfer article, which says to tell us at
    once), not "the recipient hasn't received it" (the classifier's reading)."""
    return _WRONG_PAYEE.search(text) is not None


_PERIOD_WORDS = r"(?:this|last|previous|the (?:last|previous)|past)\s+(?:week|month|year|\d+\s+(?:days|weeks|months))"
_COMPARES_PERIODS = re.compile(
    rf"\b{_PERIOD_WORDS}\s*,?\s+(?:vs\.?|v\.?|versus|compared (?:to|with)|against)\s+{_PERIOD_WORDS}\b",
    re.IGNORECASE,
)


def compares_periods(text: str) -> bool:
    """ "tesco this month vs last month": one period's spending beside another's (the classifier read a search)."""
    return _COMPARES_PERIODS.search(text) is not None


_UTILITY = r"(?:gas|electric|electricity|energy|water|phone|mobile|council tax|internet|broadband|utility|utilities)"
_HOME = r"(?:mortgage|rent)"
_PAST_BILL = re.compile(
    r"^\W*(?:show|list|find|see|view|check|how much (?:was|were|did|is)|what (?:was|were|did|is)|whats|what's"
    rf"|when (?:was|did|is))\b.{{0,30}}\b(?:{_UTILITY}\s+(?:bills?|payments?)|{_HOME}\s+payments?"
    r"|(?!card\b|credit\b)[a-z+&']+\s+(?:subscription|membership|direct debit))\b"
    rf"|^\W*(?:did|has|have)\s+(?:my|the)\s+(?:{_UTILITY}(?:\s+bill)?|{_HOME}|[a-z+&']+\s+(?:subscription|membership))"
    r"\s+(?:gone out|go out|come out|left|leave|been paid|get paid|been taken|gone)\b",
    re.IGNORECASE,
)


def asks_past_bill(text: str) -> bool:
    """ "how much was my last gas bill", "show my last water bill payment", "whats my mortgage payment", "how much is
    my disney subscription", "did my rent go out": a bill already paid, looked up (it was read as paying the card
    bill, or as a transfer to start)."""
    return _PAST_BILL.search(text) is not None


_SPENDABLE = re.compile(
    r"\bhow much (?:can|could|may) i (?:spend|use|withdraw|take out|afford)\b"
    r"|\bhow much (?:do i have|have i got|is there) (?:left )?(?:available|to spend)\b"
    r"|\bwhat(?:'s| is|s)? (?:my )?(?:available (?:balance|to spend)|spending money)\b",
    re.IGNORECASE,
)


def asks_spendable(text: str) -> bool:
    """ "how much can i spend today": what is available (the balances), never what was spent today."""
    return _SPENDABLE.search(text) is not None


_HOW_TO_TOP_UP = re.compile(
    r"\bhow\s+(?:do|can|could|should)\s+(?:i|we)\s+(?:top\s*-?\s*up|add\s+money\s+(?:with|by|from)\s+(?:a\s+|my\s+)?card)\b"
    r"(?!.*\b(?:fee|fees|charge|cost|limit|limits|fail\w*|pending|declined|revers\w*|cash|cheque|automatic\w*)\b)",
    re.IGNORECASE,
)


def asks_how_to_top_up(text: str) -> bool:
    """ "how do i top up", "how can i top up my account": the top-up article (it was moving money in by bank
    transfer, or a clarifying question); a top-up's fee, limit or failure has its own article."""
    return _HOW_TO_TOP_UP.search(text) is not None
