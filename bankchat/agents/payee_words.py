"""What a customer says to change their payees: a new payee's name and bank details, a new name for one.

"add my brother Tom as a payee, sort code 20-00-00 account 12345678" names Tom (their
nickname: brother) and the details; "rename bob to Bobby" gives Bob a new name; "call priya
'sis'" a nickname. The details are only *found* here (as words); ``bankchat.bank.bank_details``
checks them, and the flow says what is wrong with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SORT_CODE = r"\d{2}[- ]?\d{2}[- ]?\d{2}"
_IBAN = re.compile(r"\b[A-Za-z]{2}\d{2}(?:\s?[A-Za-z0-9]){10,30}\b")
_LABELLED_SORT_CODE = re.compile(
    r"\b(?:sort\s*code|s/?c)\b\s*(?:is|:|-)?\s*(?P<code>\d{2} \d{2} \d{2}(?!\d)|\d+(?:-\d+)*)", re.I
)
"""Digits said to be the sort code, however many (the flow says a sort code has six)."""
_DASHED_SORT_CODE = re.compile(r"(?<![\d-])(?P<code>\d{2}-\d{2}-\d{2})(?![\d-])")
_LABELLED_ACCOUNT = re.compile(
    r"\b(?:account|acct|acc|a/c)(?:\s*(?:number|no\.?|num|#))?\s*(?:is|:|-)?\s*(?P<number>\d[\d ]{4,10}\d)(?!\d)", re.I
)
_BARE_NUMBER = re.compile(r"(?<![\d-])(?P<number>\d{6,10})(?![\d-])")
_KIN = (
    r"brother|sister|mum|mom|mother|dad|father|son|daughter|wife|husband|partner|boyfriend|girlfriend|"
    r"nan|gran|grandma|grandad|grandpa|aunt|auntie|uncle|cousin|niece|nephew|friend|flatmate|housemate|"
    r"landlord|landlady|cleaner|childminder|babysitter|builder|plumber|accountant"
)
_ADD_AS = re.compile(
    rf"\b(?:add|save|set up|setup|create)\s+(?:my\s+(?P<kin>{_KIN})(?:,)?\s+)?(?P<name>.+?)\s+"
    r"(?:as|to)\s+(?:a\s+|my\s+|the\s+)?(?:new\s+)?(?:payees?|payee list|recipients?)\b",
    re.I,
)
_NEW_PAYEE = re.compile(
    r"\b(?:new|add(?:\s+a)?(?:\s+new)?|save(?:\s+a)?(?:\s+new)?|set\s*up(?:\s+a)?(?:\s+new)?)\s+payee\b"
    r"(?:\s*[:-]|\s+(?:called|named|for))?\s*(?P<name>[^\d,.;:!?]*)",
    re.I,
)
_KIN_ONLY = re.compile(rf"^\s*my\s+(?P<kin>{_KIN})\s*$", re.I)
_NOT_A_NAME = re.compile(
    r"^(?:a|an|the|my|me|them|him|her|someone|somebody|payee|payees|new|please|pls|it|this|that|with|who|"
    r"hello|hi|hey|hiya|yes|yeah|yep|no|nope|ok|okay|thanks|thank you|ta|sure|cancel|stop|help|wait|hmm)$",
    re.I,
)
_SAID_NAME_OPENER = re.compile(
    r"^\s*(?:(?:it'?s|its|it is|that'?s|the name is|their name is|name is|name'?s|they'?re called|"
    r"he'?s called|she'?s called|called|call them|call him|call her)\s+)",
    re.I,
)
_REQUEST = re.compile(
    r"\b(?:payees?|add|rename|remove|delete|send|pay|transfer|cancel|stop|show|list|balance|help)\b", re.I
)
_QUOTED = r"[\"'“‘](?P<new>[^\"'”’]{1,64})[\"'”’]"
_RENAMES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"\bcall\s+(?P<who>.+?)\s+{_QUOTED}", re.I), "nickname"),
    (
        re.compile(
            r"\b(?:change|set|update|make)\s+(?P<who>.+?)(?:'s|’s|s)?\s+nick ?name\s+(?:to|as)\s+(?P<new>.+)$", re.I
        ),
        "nickname",
    ),
    (re.compile(r"\bnick ?name\s+(?P<who>.+?)\s+(?:as\s+)?" + _QUOTED, re.I), "nickname"),
    (re.compile(r"\brename\s+(?:my\s+payee\s+|payee\s+)?(?P<who>.+?)\s+(?:to|as)\s+(?P<new>.+)$", re.I), "name"),
    (re.compile(r"\b(?:change|update)\s+(?P<who>.+?)(?:'s|’s|s)?\s+name\s+(?:to|as)\s+(?P<new>.+)$", re.I), "name"),
)  # fmt: skip
"""How a new name or nickname is given, and which it is."""


@dataclass(frozen=True)
class Rename:
    """A change of name: whom it is about (the customer's words), and the new name or nickname."""

    who: str
    field: str
    """``name`` or ``nickname``."""
    new: str

    @property
    def as_slot(self) -> str:
        """The slot's one string: "nickname=sis" or the new name itself."""
        return f"nickname={self.new}" if self.field == "nickname" else self.new


def bank_details_in(text: str) -> str | None:
    """The bank details a message gives, as "<sort code> <account number>" or an IBAN; None when it gives none.

    Only one half ("sort code 20-00-00") is given as it is, so the flow can say what is missing.
    """
    iban = _IBAN.search(text)
    if iban is not None and not iban.group(0)[2:4].isalpha():
        return re.sub(r"\s", "", iban.group(0)).upper()
    code = _LABELLED_SORT_CODE.search(text) or _DASHED_SORT_CODE.search(text)
    rest = text.replace(code.group(0), " ") if code else text
    number = _LABELLED_ACCOUNT.search(rest) or _BARE_NUMBER.search(rest)
    if code is None and number is None:
        return None
    sort_code = re.sub(r"\D", "", code.group("code")) if code else ""
    account = re.sub(r"\D", "", number.group("number")) if number else ""
    return f"{sort_code} {account}".strip() if sort_code else f"account {account}"


def _without_details(text: str) -> str:
    text = _IBAN.sub(" ", text)
    for pattern in (_LABELLED_SORT_CODE, _DASHED_SORT_CODE, _LABELLED_ACCOUNT, _BARE_NUMBER):
        text = pattern.sub(" ", text)
    return re.sub(
        r"\b(?:sort\s*code|account(?:\s*number)?|iban|with|and)\s*[,.:]?\s*$", "", text.strip(" ,.;:"), flags=re.I
    )


def _as_name(words: str) -> str | None:
    words = " ".join(words.strip(" ,.;:!?-\"'“”‘’").split())
    words = re.sub(r"^(?:(?:a|an|the|my)\s+)?(?:new\s+)?(?:payee\s+)?(?:called\s+|named\s+)?", "", words, flags=re.I)
    words = re.sub(r"\s+(?:please|pls|thanks|thank you)$", "", words, flags=re.I)
    if not words or _NOT_A_NAME.match(words) or not re.search(r"[A-Za-z]", words) or len(words.split()) > 6:
        return None
    return words.title() if words == words.lower() else words


def new_payee_name(text: str) -> str | None:
    """The name in "add Tom Smith as a payee", "new payee called Tom", "add my brother Tom as a payee"
    (not in "add my brother as a payee": that names no one, so the name is asked for)."""
    plain = _without_details(text)
    said = _ADD_AS.search(plain) or _NEW_PAYEE.search(plain)
    if said is None or _KIN_ONLY.match(said.group("name")):
        return None
    return _as_name(said.group("name"))


def kin_in(text: str) -> str | None:
    """Who the new payee is to the customer ("add my brother Tom ..."): their nickname, lower case."""
    said = _ADD_AS.search(_without_details(text))
    if said is None:
        return None
    kin = said.group("kin") or (alone.group("kin") if (alone := _KIN_ONLY.match(said.group("name"))) else None)
    return kin.lower() if kin else None


def said_name(text: str) -> str | None:
    """A short answer that is a name ("Tom Smith", "it's Tom"), with any bank details in it left out; never a
    request or a question ("add a new payee", "what's my balance?")."""
    plain = _SAID_NAME_OPENER.sub("", _without_details(text))
    if "?" in text or _KIN_ONLY.match(plain) or _REQUEST.search(plain):
        return None
    return _as_name(plain)


def rename_in(text: str) -> Rename | None:
    """ "rename bob to Bobby", "call priya 'sis'", "change bob's nickname to bobby": who and the new name."""
    for pattern, field in _RENAMES:
        said = pattern.search(text)
        if said is not None:
            new = _as_name(said.group("new")) if field == "name" else said.group("new").strip(" .!\"'“”‘’").lower()
            if new:
                return Rename(said.group("who").strip(), field, new)
    return None


_BILL = re.compile(r"\b(?:bills?|council tax)\b", re.IGNORECASE)


def names_bill(text: str) -> bool:
    """ "pay the gas bill", "pay my council tax": a bill to pay, which names no saved payee."""
    return _BILL.search(text) is not None
