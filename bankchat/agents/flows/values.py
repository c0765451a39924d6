"""Typed slot values, and their one JSON form (a waiting step lives in the database between turns)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from bankchat.agents.dates import DateRange


@dataclass(frozen=True)
class Money:
    """An amount of money in integer cents (never a float)."""

    cents: int


@dataclass(frozen=True)
class Ref:
    """One of the customer's own rows, by its ID; each kind below is its own type (an account's 3 is not a card's 3)."""

    id: int


class AccountRef(Ref):
    """One of the customer's own accounts."""


class PayeeRef(Ref):
    """One of the customer's saved payees."""


class CardRef(Ref):
    """One of the customer's cards."""


class TransactionRef(Ref):
    """One line of the customer's statement (picked from a list: "the 2nd one")."""


@dataclass(frozen=True)
class Accounts:
    """Several of the customer's accounts, in the order named ("savings and checking combined")."""

    ids: tuple[int, ...]


class Ordering(StrEnum):
    """Which transactions come first."""

    LATEST = "latest"
    LARGEST = "largest"
    SMALLEST = "smallest"


class Aggregate(StrEnum):
    """What a question about transactions computes."""

    LIST = "list"
    TOTAL = "total"
    AVERAGE = "average"
    COUNT = "count"
    COMPARE = "compare"


class Direction(StrEnum):
    """Money in or money out."""

    IN = "in"
    OUT = "out"


SlotValue = (
    Money
    | AccountRef
    | PayeeRef
    | CardRef
    | TransactionRef
    | Accounts
    | DateRange
    | Ordering
    | Aggregate
    | Direction
    | str
    | int
)
"""Anything a slot may hold."""

_TAGS: dict[type, str] = {
    Money: "money",
    AccountRef: "account",
    PayeeRef: "payee",
    CardRef: "card",
    TransactionRef: "transaction",
    Accounts: "accounts",
    DateRange: "period",
    Ordering: "ordering",
    Aggregate: "aggregate",
    Direction: "direction",
}


def to_json(value: SlotValue) -> Any:
    """The JSON form of a slot value: ``{"money": 2500}``, ``{"period": [start, end, label]}``, a plain str or int."""
    if isinstance(value, bool):
        raise TypeError("a slot value is never a bool")
    for kind, tag in _TAGS.items():
        if isinstance(value, kind):
            return {tag: _plain(value)}
    if isinstance(value, str | int):
        return value
    raise TypeError(f"not a slot value: {value!r}")


def _plain(value: SlotValue) -> Any:
    if isinstance(value, Money):
        return value.cents
    if isinstance(value, Ref):
        return value.id
    if isinstance(value, Accounts):
        return list(value.ids)
    if isinstance(value, DateRange):
        return [value.start.isoformat(), value.end.isoformat(), value.label]
    assert isinstance(value, StrEnum)
    return value.value


def from_json(data: Any) -> SlotValue | None:
    """The slot value stored as ``data``; None for anything malformed (a stored step is never trusted blindly)."""
    if isinstance(data, bool):
        return None
    if isinstance(data, str | int):
        return data
    if not isinstance(data, dict) or len(data) != 1:
        return None
    ((tag, raw),) = data.items()
    try:
        return _read(tag, raw)
    except (TypeError, ValueError):
        return None


def _read(tag: str, raw: Any) -> SlotValue | None:
    refs: dict[str, type[Money | AccountRef | PayeeRef | CardRef | TransactionRef]] = {
        "money": Money,
        "account": AccountRef,
        "payee": PayeeRef,
        "card": CardRef,
        "transaction": TransactionRef,
    }
    if tag in refs:
        if not isinstance(raw, int) or isinstance(raw, bool):
            return None
        return refs[tag](raw)
    if tag == "accounts" and isinstance(raw, list) and all(isinstance(i, int) for i in raw):
        return Accounts(tuple(raw))
    if tag == "period" and isinstance(raw, list) and len(raw) == 3:
        return DateRange(date.fromisoformat(raw[0]), date.fromisoformat(raw[1]), str(raw[2]))
    enums: dict[str, type[StrEnum]] = {"ordering": Ordering, "aggregate": Aggregate, "direction": Direction}
    if tag in enums and isinstance(raw, str):
        return enums[tag](raw)
    return None
