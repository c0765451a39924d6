"""Fees: what things cost, from the bank's one table of fees and limits (``knowledge/data/facts.toml``)."""

from __future__ import annotations

from dataclasses import dataclass

from bankchat.agents import travel_words
from bankchat.agents.flows.spec import Filled, Flow, FlowContext, Outcome
from bankchat.agents.knowledge import fact
from bankchat.agents.patterns import one_of
from bankchat.agents.tables import table


@dataclass(frozen=True)
class Fee:
    """One line of the price list: its price is a template over the facts table."""

    name: str
    price: str
    """E.g. ``"{swift_fee} per payment"``: filled from ``facts.toml``, so a price changes in one place."""
    words: tuple[str, ...]
    """Words that name it in a question."""

    @property
    def quoted(self) -> str:
        """The price with the facts filled in."""
        return self.price.format_map(_Facts())


class _Facts(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return fact(key)


PRICE_LIST: tuple[Fee, ...] = (
    Fee("Transfer between your own accounts", "free", ("own account", "my accounts", "between my", "to savings")),
    Fee(
        "Payment to a UK account (Faster Payments)",
        "free, arriving {uk_transfer_time}",
        ("transfer", "payment", "send", "payee", "uk", "bank transfer"),
    ),
    Fee(
        "International payment (SWIFT)",
        "{swift_fee} per payment; arrives in {swift_transfer_time}",
        (
            "international",
            "abroad",
            "overseas",
            "foreign transfer",
            "swift",
            "iban",
            "sepa",
            "send money abroad",
            "send money overseas",
            "transfer abroad",
            "transfer overseas",
            "payment abroad",
            "payments abroad",
            "pay someone abroad",
        ),
    ),
    Fee(
        "Currency exchange",
        "free up to {exchange_free_allowance} a month, then {exchange_fee}; {weekend_markup} more at weekends",
        ("exchange", "currency", "foreign currency", "spend abroad", "card abroad", "pay abroad", "holiday"),
    ),
    Fee(
        "Cash machine withdrawal",
        "free up to {atm_free_allowance} a month, then {atm_fee}; at most {atm_daily_limit} a day",
        ("cash", "atm", "cash machine", "withdraw", "withdrawal", "cash out", "take out cash", "taking cash"),
    ),
    Fee("Replacement card", "free; express delivery {express_delivery_fee}", ("replacement", "new card", "lost card")),
    Fee("Spare physical card", "{spare_card_fee}", ("spare card", "extra card", "second card")),
    Fee(
        "Top-up by card",
        "free by debit card; {credit_card_top_up_fee} by credit card",
        ("top up", "top-up", "topup", "topping up", "top ups"),
    ),
    Fee("Monthly account fee", "none", ("monthly", "account fee", "maintenance")),
    Fee(
        "Payments and transfers, daily limit",
        "{daily_transfer_limit} a day in all",
        ("transfer limit", "payment limit", "sending limit", "daily limit", "send in a day", "send per day"),
    ),
    Fee(
        "Savings interest",
        "{savings_rate}",
        (
            "savings rate",
            "interest rate",
            "interest on savings",
            "interest on my savings",
            "aer",
            "earn interest",
            "interest do i earn",
            "interest do i get",
            "earn on savings",
            "earn on my savings",
        ),
    ),
    Fee(
        "Credit card interest",
        "{card_purchase_rate}",
        (
            "apr",
            "card interest",
            "interest on my credit card",
            "purchase rate",
            "rate on my card",
            "rate on the card",
            "rate on my credit card",
            "rate on the credit card",
        ),
    ),
    Fee(
        "Arranged overdraft interest",
        "{overdraft_rate}",
        ("overdraft interest", "overdraft rate", "overdraft fee", "interest on my overdraft", "overdraft cost"),
    ),
)


_ONLY_WHERE = frozenset({"abroad", "overseas"})
"""Words that say where, not what: alone they mean a payment abroad, but "the fee for using cash abroad" asks
about cash, so they rank below any word that names the service."""


def _weight(word: str) -> int:
    return 0 if word in _ONLY_WHERE else len(word)


def fees_named(text: str) -> list[Fee]:
    """The fees ``text`` asks about, most specific first; empty when it names none."""
    lowered = text.lower()
    named = [
        (max(_weight(w) for w in fee.words if w in lowered), fee)
        for fee in PRICE_LIST
        if any(w in lowered for w in fee.words)
    ]
    return [fee for _, fee in sorted(named, key=lambda pair: -pair[0])]


ABROAD = (
    "**Sending money abroad**\n\n"
    "- **In euros within Europe** (SEPA): arrives {sepa_transfer_time}; no fee from us.\n"
    "- **Anywhere else** (SWIFT): {swift_fee} per payment, arriving in {swift_transfer_time}; a bank in between may "
    "take a fee, so a little less can arrive.\n"
    "- **Converting your pounds**: free up to {exchange_free_allowance} a month, then {exchange_fee}.\n\n"
    "In this chat I can only send pounds to your own accounts and your saved payees, so I can't send a payment "
    "abroad or in another currency from here. Say **talk to a person** and a colleague will help you with it."
)
"""A payment abroad: what it costs and takes, from the facts, and who can make it (not this chat)."""
_ASKS_COST = one_of(r"cost|costs|fees?|charges?|charged|price|how much is|how much does|expensive|cheap")
"""A price asked ("does it cost anything to send money abroad?"): the price list's line, not how to send one."""


def _act(ctx: FlowContext, filled: Filled) -> Outcome:
    if travel_words.asks_payment_abroad(ctx.turn.text) and not _ASKS_COST.search(ctx.turn.text):
        return Outcome(ABROAD.format_map(_Facts()), ({"tool": "fees", "asked": "payment_abroad"},))
    named = fees_named(ctx.turn.text)
    if named:
        first = named[0]
        text = f"**{first.name}:** {first.quoted}."
        if len(named) > 1:
            text += "\n\nRelated: " + "; ".join(f"{f.name.lower()}: {f.quoted}" for f in named[1:3]) + "."
        return Outcome(text, ({"tool": "fees", "fee": first.name},))
    rows = [(f.name, f.quoted) for f in PRICE_LIST]
    return Outcome(
        "Here is our price list:\n\n" + table(["Service", "Price"], rows, "ll"), ({"tool": "fees", "fee": None},)
    )


FEES_FLOW = Flow(
    name="fees",
    purpose="Say what a service costs, from the bank's one table of fees.",
    agent="support",
    act=_act,
)
