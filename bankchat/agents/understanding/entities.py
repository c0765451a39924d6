"""Entities in a message, resolved against the customer's own data, looked up only when a flow asks.

"send bob 20 from savings" names an amount (``Money(2000)``), a destination (the payee Bob
Brown) and a source (the savings account). Each entity is computed on first use, so a
greeting costs no query at all.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cached_property
from typing import TypeVar

from sqlmodel import Session as Db

from bankchat.agents import dispute_words, payee_words, refund_words
from bankchat.agents import slots as words
from bankchat.agents.dates import DateRange, parse_date_range
from bankchat.agents.flows.values import (
    AccountRef,
    Accounts,
    Aggregate,
    CardRef,
    Direction,
    Money,
    Ordering,
    PayeeRef,
    SlotValue,
)
from bankchat.agents.money import PROBLEMS, AmountReading, Problem, is_only_an_amount, read_amount
from bankchat.agents.patterns import one_of
from bankchat.agents.reference import reference_in
from bankchat.agents.understanding import rules
from bankchat.agents.understanding.rules import DETAILS
from bankchat.bank import accounts as bank_accounts
from bankchat.bank import cards as bank_cards
from bankchat.bank import ledger
from bankchat.bank import payees as bank_payees

_TO = re.compile(
    r"(?:\b(?:to|into|towards|in)|(?<![£$€\d.,])\b2(?=\s+(?:my|the|checking|current|savings?|everyday)\b))\s+"
    r"(?!(?:transfer|send|pay|move|make|do|put|get|check|see|know|wire|give|top|be|have|go)\b)"  # "I need to transfer"
    r"(?P<what>.+?)(?=\s+\b(?:from|out of)\b|\s+(?:for|of)\s+[£$€]?\d|[,.;!?]|$)",
    re.IGNORECASE,
)
_FROM = re.compile(r"\b(?:from|out of)\s+(?P<what>.+?)(?=\s+\b(?:to|into|2)\b|[,.;!?]|$)", re.IGNORECASE)
_ORDERINGS = (
    (
        one_of(
            r"biggest|largest|most expensive|highest|top|priciest|big(gest)? ticket"
            r"|(?:big|large|huge|expensive) (?:ones?|payments?|purchases?|transactions?|spends?)|anything (?:big|large)"
        ),
        Ordering.LARGEST,
    ),
    (one_of(r"smallest|cheapest|lowest|least expensive"), Ordering.SMALLEST),
)
"""Words for biggest or smallest first; the first that matches wins."""
_AGGREGATES = (
    (
        re.compile(
            r"\b(vs\.?|versus|compared? (to|with)|comparison|compare)\b"
            r"|\b(more|less|fewer)\b.{0,40}\bthan (last|the previous|the (week|month|year) before|in)\b",
            re.I,
        ),
        Aggregate.COMPARE,
    ),
    (
        one_of(r"average|avg|on average|per month|a month|each month|monthly|typical(ly)?|per (trip|visit|shop)"),
        Aggregate.AVERAGE,
    ),
    (one_of(r"how many|number of|how often|count"), Aggregate.COUNT),
    (one_of(r"how much|total|altogether|all together|in total|combined|sum|overall"), Aggregate.TOTAL),
)
"""Words for a comparison, an average, a count or a total, in that order of precedence."""

_SIZE = (
    r"\s+(?P<amount>[£$€]?\d[\d,]*(?:\.\d\d)?k?(?:\s*(?:quid|pounds?|gbp|p)\b)?|a (?:fiver|tenner|grand)"
    r"|(?:a |one )?hundred(?:\s+(?:quid|pounds))?)(?!\s*(?:days?|weeks?|months?|years?|times|transactions|payments|%))"
)
_AT_LEAST = re.compile(
    rf"\b(?:over|above|more than|bigger than|greater than|larger than|at least|exceeding|upwards of){_SIZE}", re.I
)
_AT_MOST = re.compile(rf"\b(?:under|below|less than|smaller than|at most|no more than|up to){_SIZE}", re.I)
"""The sizes of payment a question keeps ("everything over 100 quid", "payments under a fiver")."""
_AGAINST = re.compile(r"\b(?:compared? (?:to|with)|vs\.?|versus|against)\s", re.IGNORECASE)
"""What comes after it is what the period asked about is compared with."""
_PAYDAY = one_of(r"payday|pay day|got paid|was paid|last paid")
_EARNINGS = one_of(
    r"salary|salaries|wages?|paid(?!\s+in(to)?\b)|pay ?day|pay ?check|pay ?cheque|pay ?slip|earn\w*|employer|"
    r"from work|my pay"
)
_ANYONE = one_of(r"any ?one|any ?body|some ?one|some ?body|people")
_FULL = re.compile(
    r"\b(full|whole|entire|total|statement)\s+(balance|amount|bill|thing)\b|\b(in full|all of it|everything)\b", re.I
)
_MINIMUM = one_of(r"minimum|min")
ENTITY_NAMES = frozenset(
    {
        "amount", "source", "destination", "account", "accounts", "payee", "card", "period", "ordering",
        "aggregate", "direction", "category", "merchant", "count", "portion", "earnings",
        "reference", "excluded", "against", "at_least", "at_most",
        "payee_name", "said_name", "payee_kin", "bank_details", "rename", "renamed_payee",
        "dispute_reason", "reason_answer", "place", "card_paid_at", "exactly", "refunds",
    }
)  # fmt: skip
"""What ``Entities.get`` can find (the names flows use in ``Slot.fills`` and ``Slot.answers``)."""
PAID_WITH_LOOKED_AT = 5
"""A merchant's latest payments read to tell which card paid it ("the uber one")."""


_POSSESSIVE = re.compile(
    rf"\b([a-z]+)s\s+(?:{DETAILS}|details|(?:has\s+|have\s+)?(?:changed|switched|moved|new))\b", re.IGNORECASE
)
"""Whose details, or whose bank changed, the apostrophe left out ("whats bobs sort code", "mums changed banks"): the
name before its "s"."""


T = TypeVar("T")


def _first_said(table: tuple[tuple[re.Pattern[str], T], ...], text: str) -> T | None:
    """The value of the first of ``table``'s patterns ``text`` matches, or None."""
    return next((value for pattern, value in table if pattern.search(text)), None)


class Entities:
    """The entities one message names, each looked up on first use."""

    def __init__(self, db: Db, owner: int, text: str, today: date) -> None:
        self.db, self.owner, self.text, self.today = db, owner, text, today

    def get(self, name: str) -> SlotValue | None:
        """The entity called ``name`` (one of ``ENTITY_NAMES``), or None when the message names none."""
        if name not in ENTITY_NAMES:
            raise KeyError(name)
        value: SlotValue | None = getattr(self, name)
        return value

    # --- money ---------------------------------------------------------------

    @cached_property
    def _reading(self) -> AmountReading:
        text = self.text
        said = reference_in(text)
        if said is not None:  # "ref invoice 42" names no amount
            text = said.without
        for match in (self._to_match, self._from_match):
            if match and not is_only_an_amount(match.group("what")):  # "to account 4821" names an account, not
                text = text.replace(match.group(0), " ")  # an amount; "change it to 35" names the amount
        return read_amount(text)

    @property
    def amount(self) -> Money | None:
        """The amount of money named."""
        cents = self._reading.cents
        return Money(cents) if cents is not None else None

    @property
    def amount_problem(self) -> Problem | None:
        """Why a written amount can't be used (negative, below a penny ...)."""
        return self._reading.problem

    # --- accounts and payees ---------------------------------------------------

    @cached_property
    def _to_match(self) -> re.Match[str] | None:
        return _TO.search(self.text)

    @cached_property
    def _from_match(self) -> re.Match[str] | None:
        return _FROM.search(self.text)

    def _account_in(self, words: str) -> AccountRef | None:
        found = bank_accounts.find_account(db=self.db, owner_id=self.owner, words=words)
        return AccountRef(found.id) if found else None

    def _payee_in(self, words: str) -> PayeeRef | None:
        found = bank_payees.find_payee(db=self.db, owner_id=self.owner, words=words)
        return PayeeRef(found.id) if found else None

    @cached_property
    def source(self) -> AccountRef | None:
        """The account after "from" or "out of"."""
        return self._account_in(self._from_match.group("what")) if self._from_match else None

    @cached_property
    def destination(self) -> AccountRef | PayeeRef | None:
        """Where money should go: the account or payee after "to", else a payee named outside the "from" part."""
        if self._to_match is not None:
            target = self._to_match.group("what")
            return self._account_in(target) or self._payee_in(target)
        rest = self.text.replace(self._from_match.group(0), " ") if self._from_match else self.text
        return self._payee_in(rest)

    @cached_property
    def account(self) -> AccountRef | None:
        """Any one of the customer's accounts the message names."""
        return self._account_in(self.text)

    @cached_property
    def accounts(self) -> Accounts | None:
        """Every account the message names, in order ("savings and checking combined")."""
        finder = getattr(bank_accounts, "find_accounts", None)
        if finder is not None:
            found = finder(db=self.db, owner_id=self.owner, words=self.text)
            return Accounts(tuple(a.id for a in found)) if found else None
        one = self.account
        return Accounts((one.id,)) if one else None

    @cached_property
    def payee(self) -> PayeeRef | None:
        """A saved payee the message names (also as a possessive typed without its apostrophe: "bobs sort code")."""
        payee = self._payee_in(self.text)
        possessive = _POSSESSIVE.search(self.text) if payee is None else None
        return self._payee_in(possessive.group(1)) if possessive is not None else payee

    # --- changes to the payee list (``bankchat.agents.payee_words``) ---------------------

    @cached_property
    def payee_name(self) -> str | None:
        """The new payee's name in an order to add one ("add Tom Smith as a payee")."""
        return payee_words.new_payee_name(self.text)

    @cached_property
    def said_name(self) -> str | None:
        """The whole message as a name, when it is one ("Tom Smith" at "what's their name?")."""
        return payee_words.said_name(self.text)

    @cached_property
    def payee_kin(self) -> str | None:
        """Who a new payee is to the customer ("add my brother Tom ..."): "brother"."""
        return payee_words.kin_in(self.text)

    @cached_property
    def bank_details(self) -> str | None:
        """A sort code and account number, or an IBAN, as given (checked by the flow, not here)."""
        return payee_words.bank_details_in(self.text)

    @cached_property
    def _rename_said(self) -> payee_words.Rename | None:
        """The rename the message orders, read once for both its entities."""
        return payee_words.rename_in(self.text)

    @cached_property
    def rename(self) -> str | None:
        """A new name ("rename bob to Bobby": "Bobby") or nickname ("call priya 'sis'": "nickname=sis")."""
        said = self._rename_said
        return said.as_slot if said is not None else None

    @cached_property
    def renamed_payee(self) -> PayeeRef | None:
        """The saved payee a rename is about, read from its own words ("rename **bob** to Priya" is Bob)."""
        said = self._rename_said
        return self._payee_in(said.who) if said is not None else None

    @cached_property
    def card(self) -> CardRef | None:
        """The card the message names (or the only usable one)."""
        found = bank_cards.find_card(db=self.db, owner_id=self.owner, words=self.text)
        return CardRef(found.id) if found else None

    @cached_property
    def card_paid_at(self) -> CardRef | None:
        """ "the uber one" at "which card?": the card the merchant named was last paid with, when its recent
        payments were all taken from one account with one usable card (never a guess between two)."""
        merchant = self.merchant
        if merchant is None:
            return None
        paid = ledger.search_transactions(
            db=self.db, owner_id=self.owner, merchant=merchant, direction="out", limit=PAID_WITH_LOOKED_AT
        ).items
        accounts = {t.account_id for t in paid}
        if len(accounts) != 1:
            return None
        on_it = [c for c in bank_cards.list_cards(db=self.db, owner_id=self.owner) if c.account_id in accounts]
        usable = [c for c in on_it if c.status != "lost"]
        return CardRef(usable[0].id) if len(usable) == 1 else None

    @cached_property
    def card_problem(self) -> str | None:
        """Why no card is taken from the message: it names an ending that none of the customer's cards has."""
        ending = bank_cards.unknown_ending(db=self.db, owner_id=self.owner, words=self.text)
        return f"You don't have a card ending {ending}." if ending else None

    def refused(self, name: str) -> str:
        """Why the ``amount`` or ``card`` the message names can't be used ("-5", "the visa ending 1311"), or ""."""
        if name == "amount":
            return PROBLEMS[self.amount_problem] if self.amount_problem else ""
        return (self.card_problem or "") if name == "card" else ""

    # --- transactions ------------------------------------------------------------

    @cached_property
    def period(self) -> DateRange | None:
        """The dates the message speaks of ("since payday" looks the last salary up); not the ones it compares
        them with ("february compared to december" speaks of February)."""
        said = _AGAINST.search(self.text)
        text = self.text[: said.start()] if said and self.against is not None else self.text
        payday = None
        if _PAYDAY.search(text):
            paid = ledger.search_transactions(
                db=self.db, owner_id=self.owner, category="salary", direction="in", end=self.today, limit=1
            )
            payday = paid.items[0].value_date if paid.items else None
        return parse_date_range(text, self.today, last_payday=payday)

    @cached_property
    def against(self) -> DateRange | None:
        """The dates a comparison is made with ("... compared to december", "vs last year")."""
        said = _AGAINST.search(self.text)
        return parse_date_range(self.text[said.end() :], self.today) if said else None

    @cached_property
    def ordering(self) -> Ordering | None:
        """Biggest or smallest first, when asked."""
        return _first_said(_ORDERINGS, self.text)

    @cached_property
    def aggregate(self) -> Aggregate | None:
        """A total, an average, a count or a comparison with the period before, when asked."""
        return _first_said(_AGGREGATES, self.text)

    @cached_property
    def direction(self) -> Direction | None:
        """Money in or out, when said."""
        said = words.direction_in(self.text)
        return Direction(said) if said else None

    @cached_property
    def merchant(self) -> str | None:
        """A merchant the customer has paid, named in the message; not one of their own accounts, which the
        statement shows as the other side of a transfer ("my savings transactions" is the account)."""
        found = words.merchant_in(self._kept, self._merchants)
        if found is None or self.account is None:
            return found
        named = bank_accounts.get_account(db=self.db, owner_id=self.owner, account_id=self.account.id)
        return None if found.lower() in named.name.lower() else found

    @cached_property
    def refunds(self) -> str | None:
        """ "refund" when the message asks about refunds ("has amazon refunded me"): a company's refunds, not its
        lines, kept by a follow-up that names another company ("and from asos?")."""
        return "refund" if refund_words.mentions_refund(self.text) else None

    @cached_property
    def category(self) -> str | None:
        """A spending category named in the message ("eating out" is dining)."""
        return words.category_in(self._kept)

    @cached_property
    def at_least(self) -> Money | None:
        """The smallest payment asked about ("over 100 quid")."""
        return _size(_AT_LEAST, self.text)

    @cached_property
    def at_most(self) -> Money | None:
        """The largest payment asked about ("under a fiver")."""
        return _size(_AT_MOST, self.text)

    @cached_property
    def exactly(self) -> Money | None:
        """The sum of one payment asked about ("the 3.91 payment", "this £10.99 charge")."""
        said = rules.exact_payment_amount(self.text)
        cents = read_amount(said).cents if said is not None else None
        return Money(cents) if cents is not None and cents > 0 else None

    @cached_property
    def excluded(self) -> str | None:
        """A category or merchant the message leaves out of its question ("not counting rent")."""
        return self._leaving_out[0]

    @cached_property
    def _leaving_out(self) -> tuple[str | None, str]:
        """What is left out, if it names a category or a merchant, and the message without it."""
        said = words.left_out(self.text)
        if said is None:
            return None, self.text
        what, rest = said
        named = words.category_in(what) or words.merchant_in(what, self._merchants)
        return (named, rest) if named is not None else (None, self.text)

    @property
    def _kept(self) -> str:
        """The message without what it leaves out: "not counting rent" names no category to ask about."""
        return self._leaving_out[1]

    @cached_property
    def _merchants(self) -> list[str]:
        return ledger.known_merchants(db=self.db, owner_id=self.owner)

    @cached_property
    def earnings(self) -> str | None:
        """``salary`` when the message asks about pay from work ("when was I last paid"), not any money in
        ("has anyone paid me this week")."""
        return "salary" if _EARNINGS.search(self.text) and not _ANYONE.search(self.text) else None

    @cached_property
    def portion(self) -> str | None:
        """``full`` or ``minimum``: how much of a card bill to pay."""
        if _MINIMUM.search(self.text):
            return "minimum"
        if _FULL.search(self.text) or rules.pays_off_card(self.text):
            return "full"
        return None

    @cached_property
    def reference(self) -> str | None:
        """The payment reference the payee should see ("for pizza", "ref rent march")."""
        said = reference_in(self.text)
        return said.text if said is not None else None

    # --- disputes ----------------------------------------------------------------

    @cached_property
    def dispute_reason(self) -> str | None:
        """Why a payment is disputed, said plainly ("i didn't buy that", "charged twice")."""
        return dispute_words.reason_in(self.text)

    @cached_property
    def reason_answer(self) -> str | None:
        """The reason given as the answer to "why?" (also "i don't recognise it", "2", "something else")."""
        return dispute_words.reason_in(self.text, answering=True)

    @cached_property
    def place(self) -> int | None:
        """A place in a short list just shown ("the second one", "number 2", "the last one")."""
        return dispute_words.place_in(self.text)

    @cached_property
    def count(self) -> int | None:
        """How many items were asked for ("last 5 transactions")."""
        asked = words.count_asked(self.text, default=0)
        return asked or None


def _size(pattern: re.Pattern[str], text: str) -> Money | None:
    said = pattern.search(text)
    cents = read_amount(said.group("amount")).cents if said else None
    return Money(cents) if cents is not None and cents > 0 else None
