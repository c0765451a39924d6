"""BankChat Bank's price list: one table, read by the assistant and anything else that quotes a fee."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fee:
    """One line of the price list."""

    name: str
    price: str
    """The price in words, as customers read it."""
    words: tuple[str, ...]
    """Words that name it in a question."""


FEES: tuple[Fee, ...] = (
    Fee("Transfer between your own accounts", "free", ("own account", "my accounts", "savings", "between")),
    Fee("Payment to a UK payee (Faster Payments)", "free", ("transfer", "payment", "send", "payee", "uk")),
    Fee(
        "International payment",
        "£5 per payment, plus the exchange rate shown before you confirm",
        ("international", "abroad", "overseas", "foreign transfer", "swift", "iban"),
    ),
    Fee(
        "Card payment in another currency",
        "2.75% of the amount",
        ("card abroad", "foreign currency", "currency", "exchange", "spend abroad", "holiday"),
    ),
    Fee("Cash withdrawal in the UK", "free", ("cash", "atm", "withdraw", "withdrawal")),
    Fee("Cash withdrawal abroad", "£1.50 plus 2.75%", ("cash abroad", "atm abroad", "withdraw abroad")),
    Fee("Replacement card", "free (first one each year), then £5", ("replacement", "new card", "lost card")),
    Fee("Top-up by debit card", "free", ("top up", "top-up", "topup")),
    Fee("Monthly account fee", "none", ("monthly", "account fee", "maintenance")),
    Fee("Unarranged overdraft", "none: payments that would take you over your limit are declined", ("overdraft",)),
)


def fees_named(text: str) -> list[Fee]:
    """The fees ``text`` asks about, most specific first; empty when it names none."""
    lowered = text.lower()
    scored = [
        (max(len(w) for w in fee.words if w in lowered), fee) for fee in FEES if any(w in lowered for w in fee.words)
    ]
    return [fee for _, fee in sorted(scored, key=lambda pair: -pair[0])]
