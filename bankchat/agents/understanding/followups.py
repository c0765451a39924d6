"""Follow-ups: a short message that reuses the last answer's subject ("and for eating out?", "the week before?")."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlmodel import Session as Db

from bankchat.agents.dates import DateRange
from bankchat.agents.flows.values import AccountRef, Accounts, CardRef, from_json, to_json
from bankchat.agents.patterns import one_of
from bankchat.agents.types import Subject
from bankchat.bank import accounts as bank_accounts
from bankchat.bank import cards as bank_cards

_AND = r"and|n(?=\s+\w)"
"""An "and" leading a follow-up, text-speak "n" too ("n savings?"; a lone "n" is a no)."""
_CUE = re.compile(
    rf"^\s*({_AND}|also|what about|how about|what of|and what about|and how about|same for|same but|ok(ay)? and|"
    r"now|then|but|just|only|i mean|i meant)\b"
    r"|^\s*(?:(?:and|ok(?:ay)?|now|then|can you|could you|please)\s+)*(?:do\s+)?(?:the\s+)?same(?:\s+(?:again|thing))?"
    r"\s+(?:to|for|with)\b"
    r"|^\s*(the\s+)?(week|month|day|year)\s+before\b|\b(the other|other one|that one)\b"
    r"|^\s*(what|how (much|many( times)?|often)|when|where)\s+(was|were|is|are|did)\s+(it|that|they|those)\b"
    r"|\b(that|this|it|those)\s+(compared?|vs\.?|versus|against)\b|\bcompare (that|it|this)\b"
    r"|^\s*(vs\.?|versus|compared (to|with))\s"
    r"|^\s*how (many|often)\b.{0,40}\b(there|that|those|them|it)\W*$",  # "how many times did i go there"
    re.IGNORECASE,
)
_BEFORE = re.compile(r"\b(the\s+)?(week|month|day|year)\s+before\b|\bthe previous (week|month|day|year)\b", re.I)
_OTHER = re.compile(r"\b(the )?other( one| account| card)?\b", re.IGNORECASE)
_HOW_LONG = one_of(r"how long|when will|how soon|how much longer|wait long|take long|eta")
_WHAT_NEXT = re.compile(
    r"^\W*(?:(?:so|ok(?:ay)?|and|right)[,\s]+)?(?:what (?:happens|do i do|should i do|do i need to do)\s+(?:now|next)"
    r"|what now|now what|what'?s next)\b",
    re.IGNORECASE,
)
_IT = one_of(r"it|that one|this one|that card|this card|the card|that account|the same one|same card|him|her|them")
_LEAD = re.compile(
    rf"^\s*(and what about|and how about|what about|how about|what of|same for|ok(ay)? and|{_AND}|also)\b",
    re.I,
)
_WORD = re.compile(r"[a-z0-9']+")
_ACTION_WORDS = frozenset(
    {
        "send", "pay", "transfer", "move", "freeze", "unfreeze", "block", "lock", "unlock", "cancel", "report",
        "lost", "stolen", "close", "open", "order", "activate", "talk", "speak", "help", "change", "reset",
    }
)  # fmt: skip
"""Words that make a message a request of its own, not a follow-up ("and freeze my card")."""
_LINKING_WORDS = frozenset({"for", "the", "my", "on", "at", "in", "a", "an", "of", "to", "from", "with", "one"})
NAMES_ONLY_WORDS = 3
MAX_WORDS = 8
"""A follow-up is short; a long sentence is a question of its own."""

CARD_TROUBLE = frozenset(
    {
        "declined_card_payment", "card_not_working", "contactless_not_working", "virtual_card_not_working",
        "declined_cash_withdrawal", "pin_blocked", "activate_my_card", "card_acceptance", "card_swallowed",
    }
)  # fmt: skip
"""Articles on a card that doesn't work: naming a card after one asks how that card stands."""
CARD_ACTIONS = frozenset({"freeze_card", "unfreeze_card", "card_status", "report_lost"})
"""Answers about one card that "the visa one" next asks again of that card (each acts, or reads back, as usual)."""
_BRAND = r"(?:visa|master\s?card|amex)?\s*(?:debit|credit)?\s*(?:card|one)?"
_ENDING = r"(?:(?:ending|that ends)(?:\s+in)?\s*\d{4})?"
_CUES_BEFORE = r"^\W*(?:(?:and|also|now|ok(?:ay)?|then|what about|how about|same (?:for|with)|do)\s+)*"
_CARD_SAID = r"(?:the|my|your)?\s*(?=\S*\s*(?:visa|master\s?card|debit|credit|amex|ending|\d{4}))"
_TAIL = r"\s*(?:too|as well|also|please|pls|then|now)?\W*$"
_ONLY_A_CARD = re.compile(_CUES_BEFORE + _CARD_SAID + _BRAND + r"\s*" + _ENDING + _TAIL, re.IGNORECASE)


_AN_ACCOUNT = re.compile(
    r"^\W*(?:(?:and|also|now|what about|how about|same for|(?:for|on|in|of|from))\s+)*(?:(?:my|the)\s+)?"
    r"(?:savings|checking|current|credit card|credit|everyday checking)(?:\s+(?:account|acct|one|too|please|pls))*\W*$",
    re.IGNORECASE,
)
ACCOUNT_ANSWERS = frozenset({"statement", "check_balance", "search_transactions", "spending_summary"})
"""Answers about one account's money that "for savings" next asks again of that account."""


def names_only_account(text: str) -> bool:
    """ "for savings", "and my checking account", "savings": one of the customer's accounts named and nothing else
    asked (after a statement: that account's statement; inside a message: a second account of the same question)."""
    return _AN_ACCOUNT.match(text) is not None


def names_only_card(text: str) -> bool:
    """ "the visa one", "my credit card too", "and the one ending 6225": a card named and nothing else asked
    (what to do with it comes from the last answer)."""
    return bool(_ONLY_A_CARD.match(text))


NAMING_WORDS = 6
"""Up to this many words, a message that names a card after a card-trouble article only points at it."""
WAIT_TOPICS = {"transfer": "transfer_timing", "report_lost": "card_delivery_estimate"}
""""how long will that take?" after these flows is this knowledge topic ("handoff" has a flow of its own)."""


_PLACES = {
    "first": 1, "1st": 1, "top": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8, "ninth": 9,
    "9th": 9, "tenth": 10, "10th": 10, "last": -1, "bottom": -1,
}  # fmt: skip
_ROW = r"(one|transaction|payment|purchase|line|row|entry|item|payee|account)"
_PICK = re.compile(
    rf"\b(?P<the>the\s+)?(?<!\ba )(?<!\bone )(?P<place>{'|'.join(_PLACES)})\b(?!\s+of\b)(\s+(?P<row>{_ROW}))?"
    rf"|(\b(number|no\.?)|#)\s*(?P<number>\d{{1,2}})\b",
    re.IGNORECASE,
)
_THE_END = re.compile(r"\W*((please|pls|thanks|then)\W*)?$", re.IGNORECASE)
"""What may follow a place said alone ("what was the third?", "2nd please")."""


def picked(text: str, last: Subject) -> Subject | None:
    """The row of the last answer's list that ``text`` picks ("the 2nd one", "tell me about the last payment").

    A place with a row word ("the 2nd one", "the last payment") or ending the message ("what was the
    third?", "2nd"); a place before anything else is not a pick ("last month", "the first week of
    March", "top up"). None when the answer showed no list or the list is shorter.
    """
    if not last.items or len(text.split()) > MAX_WORDS:
        return None
    for match in _PICK.finditer(text):
        if match.group("number"):
            place = int(match.group("number"))
        elif match.group("row") or _THE_END.fullmatch(text, match.end()):
            place = _PLACES[match.group("place").lower()]
        else:
            continue
        if place == -1:
            place = len(last.items)
        if not 1 <= place <= len(last.items):
            return None
        row = last.items[place - 1]
        return Subject(row.flow, row.slots, last.items)  # the list goes along: "number 1" next picks again
    return None


_EXTREME = re.compile(
    r"^\W*(?:(?:and|ok(?:ay)?|so)\s+)?((what'?s|whats|which'?s|what|which|show me|tell me)\s+(was|is|were|are)?\s*)?"
    r"(the\s+|my\s+)?"
    r"(biggest|largest|smallest|cheapest|most expensive|priciest|highest|lowest)"
    r"(\s+(?P<noun>one|ones|payments?|purchases?|transactions?|things?))?\W*$"
    r"|^\W*(?:(?:ok|okay|so|and)\s+)?(?:(?:were|are|was|is)\s+there\s+)?(?:any(?:thing)?\s+)(?:really\s+)?"
    r"(?:big|large|huge|expensive)(?:\s+(?P<any>ones|payments|purchases|transactions|things))?\W*$",
    re.IGNORECASE,
)


def extreme_of_last(text: str, last: Subject) -> Subject | None:
    """ "what was the biggest one?" after an answer about transactions: its filters, the single largest
    (or smallest) first; None for anything else. "the biggest ones" keeps the usual number."""
    match = _EXTREME.match(text)
    if match is None or last.flow not in RANKABLE:
        return None
    slots = {name: value for name, value in last.slots.items() if name not in ("aggregate", "ordering", "count")}
    if not (match.group("noun") or match.group("any") or "one").lower().endswith("s"):
        slots["count"] = 1  # "the biggest one": that one
    return Subject("search_transactions", slots)


_OTHER_WAY = re.compile(
    r"^\W*(?:(?:and|ok(?:ay)?|so|what about|how about)\s+)*(?:(?:what|how much|anything|any money|money)\s+)?"
    r"(?:(?:has|have|did)\s+)?(?:came|come|gone|went|go|going|paid|coming)\s+(?P<way>in|out)"
    r"(?:\s+(?:then|too|as well))?\W*$",
    re.IGNORECASE,
)


def other_way_of_last(text: str, last: Subject) -> Subject | None:
    """ "and what came in" after what went out (or the other way round): the same period, money the other way;
    after a total spent, the money paid in. The words say the direction again, so the flow reads it from them."""
    said = _OTHER_WAY.match(text)
    if said is None or last.flow not in (*RANKABLE, "money_in"):
        return None
    inwards = said.group("way").lower() == "in"
    period = {"period": last.slots["period"]} if "period" in last.slots else {}
    if inwards and last.flow == "spending_summary":
        return Subject("money_in", period)
    if not inwards and last.flow == "money_in":
        return Subject("search_transactions", period)
    kept = {name: value for name, value in last.slots.items() if name not in ("direction", "aggregate", "count")}
    return Subject(last.flow, kept)


RANKABLE = frozenset({"search_transactions", "spending_summary"})
"""Answers about transactions, whose filters "the biggest one" reuses."""

LIST_THEM_ROWS = 25
"""Rows "list them" shows (more than a plain list's ten: the customer asked for the lot)."""
_LIST_THEM = re.compile(
    r"^\W*(?:(?:and|ok(?:ay)?|so|now|can you|could you|please|pls)\s+)*"
    r"(?:list|show(?:\s+me)?|see|give me|let me see)\s+(?:them|those|these|all of them|each one|the list|"
    r"(?:the|those|these)\s+(?:payments|transactions|purchases))\b"
    r"|^\W*(?:and\s+)?which\s+(?:ones|payments|transactions|purchases)\b",
    re.IGNORECASE,
)


def list_of_last(text: str, last: Subject) -> Subject | None:
    """ "list them" after a total ("how much on coffee last month"): the same filters as a list; after a
    balance, every account; None otherwise."""
    if not _LIST_THEM.search(text):
        return None
    if last.flow == "check_balance":
        return Subject("check_balance", {})  # "list them" after one balance: every account
    if last.flow not in RANKABLE:
        return None
    kept = {name: value for name, value in last.slots.items() if name not in ("aggregate", "ordering", "count")}
    return Subject("search_transactions", {**kept, "count": LIST_THEM_ROWS})


_COMPARES = re.compile(r"\b(compared?|vs\.?|versus|against|than)\b", re.IGNORECASE)


def compares(text: str) -> bool:
    """ "vs january?", "how does that compare": a comparison of spending, whatever the last answer listed."""
    return bool(_COMPARES.search(text))


def is_follow_up(text: str) -> bool:
    """Whether ``text`` reads as a follow-up to the last answer rather than a request of its own."""
    return len(text.split()) <= MAX_WORDS and bool(_CUE.search(text))


def _named(text: str) -> list[str] | None:
    """The words a follow-up names after its lead ("what about bob": ``["bob"]``), or None when it asks more."""
    match = _LEAD.match(text)
    if match is None:
        return None
    rest = [w for w in _WORD.findall(text[match.end() :].lower()) if w not in _LINKING_WORDS]
    return rest if 0 < len(rest) <= NAMES_ONLY_WORDS and not any(word in _ACTION_WORDS for word in rest) else None


def names_only(text: str) -> bool:
    """A follow-up that only names something ("and savings?", "what about bob"), with no request of its own in it."""
    return _named(text) is not None


_NOT_A_NAME = frozenset(
    {
        "it", "that", "this", "them", "those", "these", "then", "now", "there", "here", "me", "you", "ones", "else",
        "everything", "all", "anything", "stuff", "things", "total", "more", "less", "so", "instead", "too", "please",
        "before", "previous", "after", "next", "same", "period", "again", "time", "times", "day", "days", "week",
        "weeks", "weekend", "month", "months", "year", "years", "biggest", "largest", "smallest", "cheapest",
        "average", "count", "list", "one",
    }
)  # fmt: skip
"""Words of a follow-up that change the question (its time, its ranking), not what it is about."""


def named_words(text: str) -> str | None:
    """The name a short follow-up says ("deliveroo" in "what about deliveroo?"), to be looked for as a merchant's
    when nothing of the customer's goes by it; None when it names no thing ("what about it?")."""
    rest = _named(text)
    if rest is None or any(word in _NOT_A_NAME or any(c.isdigit() for c in word) for word in rest):
        return None  # "and under 10?" is a size, not a company
    return " ".join(rest)


def at_merchant(subject: Subject, name: str) -> Subject:
    """``subject`` asked about the merchant ``name`` instead of its merchant, category or payee."""
    kept = {k: v for k, v in subject.slots.items() if k not in ("merchant", "category", "payee")}
    return Subject(subject.flow, {**kept, "merchant": name.title()})


def refers_back(text: str) -> bool:
    """Whether ``text`` points at something already named ("freeze it", "that card")."""
    return bool(_IT.search(text))


_REFERENCE = re.compile(
    r"^\s*(?:what|whats|what's|which|give me|tell me|can i have|and)\b.{0,20}\b(?:ref|reference)\b", re.I
)


def asks_reference(text: str) -> bool:
    """ "what was the reference?" after a transfer: the statement's answer about it, with its reference."""
    return bool(_REFERENCE.search(text))


def names_other(text: str) -> bool:
    """ "what about the other one?": the last answer's account or card, swapped for the customer's other one."""
    return bool(_OTHER.search(text))


SENT = frozenset({"transfer", "pay_card_bill"})
"""Answers that sent money: "undo that" next asks for it back, which the cancelling-a-transfer article answers."""
_SOFTENERS = r"(?:oh|oops|wait|actually|no|please|pls|can you|could you|can i|how do i|how can i|i want to|i need to)"
_UNDOES = r"(?:undo|reverse|revoke|cancel|stop|take back|get (?:it|that|the money|my money) back)"
_WHAT_WAS_SENT = r"(?:it|that|this|the (?:transfer|payment)|that (?:transfer|payment)|my last (?:transfer|payment))"
_UNDO = re.compile(rf"^\W*(?:{_SOFTENERS}[\s,]+)*{_UNDOES}(?:\s+{_WHAT_WAS_SENT})?(?:\s+(?:please|pls|now))?\W*$", re.I)


def asks_undo(text: str) -> bool:
    """ "undo that", "can you reverse it", "cancel that transfer" right after money was sent: asking for it back."""
    return _UNDO.match(text) is not None


def asks_what_next(text: str) -> bool:
    """ "what happens now?", "now what?"."""
    return len(text.split()) <= MAX_WORDS and _WHAT_NEXT.match(text) is not None


def asks_how_long(text: str) -> bool:
    """ "how long will that take?", and "what happens now?" (the wait is what comes next)."""
    return asks_what_next(text) or (len(text.split()) <= MAX_WORDS and bool(_HOW_LONG.search(text)))


def resolve(db: Db, owner: int, text: str, last: Subject) -> Subject:
    """The last subject with what ``text`` changes by reference: "the week before", "the other one"."""
    slots = dict(last.slots)
    period = from_json(slots.get("period"))
    if _BEFORE.search(text) and isinstance(period, DateRange) and not compares(text):  # "compare with the month
        slots["period"] = to_json(_before(period))  # before" keeps the month, the one before is what it is set against
    if _OTHER.search(text):
        for name, value in last.slots.items():
            ref = from_json(value)
            if isinstance(ref, Accounts) and len(ref.ids) == 1:
                other = _other_account(db, owner, ref.ids[0])
                if other is not None:
                    slots[name] = to_json(Accounts((other,)))
            elif isinstance(ref, AccountRef):
                other = _other_account(db, owner, ref.id)
                if other is not None:
                    slots[name] = to_json(AccountRef(other))
            elif isinstance(ref, CardRef):
                card = _other_card(db, owner, ref.id)
                if card is not None:
                    slots[name] = to_json(CardRef(card))
    return Subject(last.flow, slots)


def _before(period: DateRange) -> DateRange:
    """The period of the same length just before ``period`` (a calendar month for a whole month)."""
    if period.start.day == 1 and (period.end + timedelta(days=1)).day == 1:
        end = period.start - timedelta(days=1)
        start = end.replace(day=1)
        return DateRange(start, end, f"{start:%B %Y}")
    length = (period.end - period.start).days + 1
    end = period.start - timedelta(days=1)
    start = end - timedelta(days=length - 1)
    return DateRange(start, end, f"{_day(start)} to {_day(end)}")


def _day(day: date) -> str:
    return f"{day.day} {day:%B}"


def _other_account(db: Db, owner: int, account_id: int) -> int | None:
    accounts = bank_accounts.list_accounts(db=db, owner_id=owner)
    current = next((a for a in accounts if a.id == account_id), None)
    others = [a for a in accounts if a.id != account_id]
    if current is not None:  # checking ↔ savings before the credit card
        others.sort(key=lambda a: (a.kind == "credit") != (current.kind == "credit"))
    return others[0].id if others else None


def _other_card(db: Db, owner: int, card_id: int) -> int | None:
    others = [c for c in bank_cards.list_cards(db=db, owner_id=owner) if c.id != card_id]
    return others[0].id if len(others) == 1 else None
