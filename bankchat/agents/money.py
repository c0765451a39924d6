"""Amounts read from what customers write, as integer cents (formatting lives in ``bankchat.bank.money``).

An amount is read, or refused with a reason, never guessed: "twenty five pounds" is 2500,
"5 hundred" 50000, "1.5k" 150000, "a grand" 100000, "fifty quid" 5000; "minus fifty pounds"
is refused as negative, "0.5p" and "£1.005" as smaller than a penny; "010137" (an authenticator
code) is no amount at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

MAX_CENTS = 10**13
"""Anything larger is refused as ``too_large`` (the bank's own limits are far lower)."""

MONEY_VERBS = r"send|pay|transfer|move|give|wire"
"""The verbs that move money, as a regular-expression alternation (one list for every rule that needs it)."""

Problem = Literal["negative", "zero", "sub_penny", "too_large", "foreign_currency"]

PROBLEMS: dict[str, str] = {
    "negative": "Amounts can't be negative.",
    "zero": "The amount has to be more than zero.",
    "sub_penny": "The smallest amount I can send is 1p, and amounts go to the penny.",
    "too_large": "That amount is far larger than any account allows.",
    "foreign_currency": "Payments from your accounts go in pounds, so I won't guess an exchange rate: say the "
    "amount in pounds.",
}
"""What the customer is told when an amount is refused, by reason."""


@dataclass(frozen=True)
class AmountReading:
    """The first amount a text names: its cents, or the reason it was refused."""

    cents: int | None
    """The amount in integer cents; None when there is none or it was refused."""
    problem: Problem | None = None
    """Why the amount written cannot be used (None: fine, or no amount at all)."""


_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip
_SCALES = {"thousand": 1000, "k": 1000, "grand": 1000, "million": 1_000_000, "m": 1_000_000, "mil": 1_000_000}
_FOREIGN = frozenset({"dollar", "dollars", "usd", "buck", "bucks", "euro", "euros", "eur", "$", "€"})
"""Another currency named with an amount: read, then refused (never taken for pounds)."""
_POUNDS = frozenset({"pound", "pounds", "quid", "gbp", "squid"}) | (_FOREIGN - {"$", "€"})
_PENCE = frozenset({"p", "pence", "penny", "pennies", "cent", "cents"})
_NEGATIVE_WORDS = frozenset({"minus", "negative"})
_CURRENCY_SIGNS = frozenset("£$€")

_LEADING_ZERO = re.compile(r"0\d")
"""Digits after a leading zero ("010137", "0050") are a code, an ID or a sort code, never an amount ("0.50" is)."""
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[a-z]+|[£$€]|-", re.IGNORECASE)


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def is_number(self) -> bool:
        return self.text[0].isdigit()


def _tokens(text: str) -> list[_Token]:
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text.lower())  # "twenty-five"
    return [_Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _glued(text: str, token: _Token) -> bool:
    """Whether a number is part of a word or a longer number ("1e309", "5th", "A12")."""
    before = text[token.start - 1] if token.start > 0 else " "
    after = text[token.end] if token.end < len(text) else " "
    return before.isalnum() or before in "._" or (after.isalpha() and not _suffix(text, token.end))


def _suffix(text: str, at: int) -> bool:
    """A unit written straight after the digits: "2k", "50p", "1.5m", "20quid"."""
    word = re.match(r"[a-z]+", text[at:].lower())
    return word is not None and (word.group(0) in _SCALES or word.group(0) in _PENCE or word.group(0) in _POUNDS)


@dataclass
class _Number:
    """A number being read token by token ("twenty", "five", "hundred" ...)."""

    total: Decimal = Decimal(0)
    current: Decimal = Decimal(0)
    last: str = ""
    """The kind of the last token read: digits, unit, teen, tens, hundred, scale."""
    article: bool = False
    """Whether it began with "a" ("a hundred", "a grand")."""
    seen_scale: bool = False

    def take(self, token: str, lead: bool) -> bool:
        """Read one more token; False when it does not continue the number."""
        kind, value = _kind(token)
        if kind == "a":
            self.article = lead and self.last == ""
            return self.article
        if kind == "and":
            return self.last in ("hundred", "scale")
        if kind is None or not self._fits(kind):
            return False
        if kind == "hundred":
            self.current = (self.current or Decimal(1)) * 100
        elif kind == "scale":
            self.total += (self.current or Decimal(1)) * value
            self.current = Decimal(0)
            self.seen_scale = True
        else:
            self.current += value
        self.last = kind
        return True

    def _fits(self, kind: str) -> bool:
        if kind == "digits":
            return self.last == ""
        if kind in ("hundred", "scale"):
            if self.last == "":
                return self.article  # "a grand"; a bare "k" or "m" ("I'm") is no number
            return self.last in ("digits", "unit", "teen", "tens") or (kind == "scale" and self.last == "hundred")
        allowed = {
            "": {"unit", "teen", "tens"},
            "tens": {"unit"},
            "hundred": {"unit", "teen", "tens"},
            "scale": {"unit", "teen", "tens"},
        }
        return kind in allowed.get(self.last, set())

    @property
    def value(self) -> Decimal:
        return self.total + self.current


def _kind(word: str) -> tuple[str | None, Decimal]:
    if word[0].isdigit():
        if _LEADING_ZERO.match(word):
            return None, Decimal(0)
        try:
            return "digits", Decimal(word.replace(",", ""))
        except InvalidOperation:
            return None, Decimal(0)
    if word in _UNITS:
        value = _UNITS[word]
        return ("teen" if value >= 10 else "unit"), Decimal(value)
    if word in _TENS:
        return "tens", Decimal(_TENS[word])
    if word == "hundred":
        return "hundred", Decimal(100)
    if word in _SCALES:
        return "scale", Decimal(_SCALES[word])
    if word in ("a", "an"):
        return "a", Decimal(0)
    if word == "and":
        return "and", Decimal(0)
    return None, Decimal(0)


def _read_at(text: str, tokens: list[_Token], i: int) -> tuple[AmountReading, int] | None:
    """The amount starting at token ``i`` and the index after it, or None if none starts there."""
    negative, sign = False, False
    if tokens[i].text in _NEGATIVE_WORDS or (tokens[i].text == "-" and not _hyphen(text, tokens[i])):
        negative, i = True, i + 1
    foreign = False
    if i < len(tokens) and tokens[i].text in _CURRENCY_SIGNS:
        sign, foreign, i = True, tokens[i].text in _FOREIGN, i + 1
        if i < len(tokens) and tokens[i].text == "-":
            negative, i = True, i + 1
    number, start = _Number(), i
    while i < len(tokens):
        token = tokens[i]
        if token.is_number and _glued(text, token):
            break
        glued_letters = not token.is_number and number.last == "digits" and token.start == tokens[i - 1].end
        if glued_letters and token.text not in _SCALES:
            break  # "2k" and "1.5m" glue a scale; any other letters are a unit, read below
        if not number.take(token.text, lead=i == start):
            break
        i += 1
    if number.last in ("", "a"):
        return None
    unit = tokens[i].text if i < len(tokens) else ""
    foreign = foreign or unit in _FOREIGN
    pence = unit in _PENCE
    named = sign or pence or unit in _POUNDS
    if unit in _POUNDS or pence:
        i += 1
    if not named and number.last != "digits" and number.value < 2 and not number.seen_scale:
        return None  # "the other one", "a" on its own: not an amount
    value = number.value / 100 if pence else number.value
    if unit in _POUNDS and i < len(tokens):  # "twenty pounds fifty", "£5 and 50p"
        value, i = _add_pence(text, tokens, i, value)
    judged = _judge(value, negative)
    return (AmountReading(None, "foreign_currency") if foreign and judged.cents is not None else judged), i


def _add_pence(text: str, tokens: list[_Token], i: int, value: Decimal) -> tuple[Decimal, int]:
    j = i + (tokens[i].text == "and")
    pence = _Number()
    k = j
    while (
        k < len(tokens) and not (tokens[k].is_number and _glued(text, tokens[k])) and pence.take(tokens[k].text, False)
    ):
        k += 1
    if pence.last in ("", "a") or not pence.value < 100 or pence.value != pence.value.to_integral_value():
        return value, i
    if k < len(tokens) and tokens[k].text in _PENCE:
        return value + pence.value / 100, k + 1
    if k == len(tokens) and tokens[i].text != "and":
        return value + pence.value / 100, k
    return value, i


def _hyphen(text: str, token: _Token) -> bool:
    """A dash joining two things ("5-10") rather than a minus sign."""
    return token.start > 0 and text[token.start - 1].isalnum()


def _judge(value: Decimal, negative: bool) -> AmountReading:
    cents = value * 100
    if negative and value != 0:
        return AmountReading(None, "negative")
    if cents != cents.to_integral_value():
        return AmountReading(None, "sub_penny")
    if cents == 0:
        return AmountReading(None, "zero")
    if cents > MAX_CENTS:
        return AmountReading(None, "too_large")
    return AmountReading(int(cents))


_SLANG_POUNDS = {"fiver": "5 pounds", "tenner": "10 pounds"}
_SLANG = re.compile(r"\b(?:a\s+)?(fiver|tenner)\b", re.IGNORECASE)
"""Notes by their nicknames ("give bob a tenner")."""


_TEXTSPEAK_TO = re.compile(
    r"(?<![£$€\d.,])\b2\s+(?=(?:send|pay|transfer|move|give|wire|get|see|check|know|buy|put|top|make|have|be|go)\b)",
    re.IGNORECASE,
)
"""A "2" that is textspeak for "to", before a verb: never an amount."""


def read_amount(text: str) -> AmountReading:
    """The first money amount in ``text``: its integer cents, or why it cannot be used.

    Bare numbers that look like counts or dates ("last 5 transactions", "in 2026") are the
    caller's to exclude; this reads what is written.
    """
    text = _SLANG.sub(lambda m: _SLANG_POUNDS[m.group(1).lower()], text)
    text = _TEXTSPEAK_TO.sub("to ", text)  # "i want 2 send 40 to mum" sends 40, not 2
    tokens = _tokens(text)
    lowered = text.lower()
    i = 0
    while i < len(tokens):
        found = _read_at(lowered, tokens, i)
        if found is not None:
            return found[0]
        i += 1
    return AmountReading(None)


_FILLERS = frozenset({"please", "pls", "plz", "instead", "then", "thanks", "thx", "ta", "now"})
"""Words around an amount that name nothing else ("change it to 45 please")."""


def is_only_an_amount(text: str) -> bool:
    """Whether ``text`` says an amount and nothing else ("35", "£35.50", "40 quid", "2k"), as in "change it to 35"."""
    tokens = _tokens(text)
    words = _POUNDS | _PENCE | _SCALES.keys() | _UNITS.keys() | _TENS.keys() | {"hundred", "and"} | _FILLERS
    plain = all(t.is_number or t.text in _CURRENCY_SIGNS or t.text in words for t in tokens)
    return bool(tokens) and plain and read_amount(text).cents is not None


def parse_amount(text: str) -> int | None:
    """The first usable money amount in ``text`` as integer cents (``"£1,250.50"`` → 125050), or None."""
    return read_amount(text).cents


def count_of(word: str) -> int | None:
    """A whole number written as digits or as one word ("6", "six", "twelve"; "a"/"an" is 1), or None."""
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    if word in ("a", "an"):
        return 1
    return _UNITS.get(word, _TENS.get(word))


_EVERYTHING = re.compile(
    r"\b(?:everything|every penny|the (?:whole|full|entire) (?:balance|amount|lot)|the lot"
    r"|all (?:of )?(?:it|that|my (?:money|savings|cash|balance)|the (?:money|cash|balance))"
    r"|all (?:that'?s|that is|there is|i have|i've got) in"
    r"|empty (?:my|the) (?:savings|checking|current|account))\b",
    re.IGNORECASE,
)


def says_everything(text: str) -> bool:
    """ "move everything from savings to checking", "all of it", "empty my savings": a payment of the whole balance
    of the account it comes from (read back, like any sum)."""
    return _EVERYTHING.search(text) is not None


_SHOWS = re.compile(
    r"^\W*(?:can you\s+|could you\s+|please\s+)?(?:show|list|what|whats|what's|how|tell|see|view|find)\b", re.I
)


def moves_everything(text: str) -> bool:
    """``says_everything`` in an order or an answer ("all of it"), never in a question ("show me everything i bought
    at tesco" while a payment waits is another request)."""
    return says_everything(text) and _SHOWS.match(text) is None
