"""Slot values and their one JSON form: a waiting step read back from the database is never trusted blindly."""

from __future__ import annotations

from datetime import date

import pytest

from bankchat.agents.dates import DateRange
from bankchat.agents.flows.spec import Filled, Slot
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
    from_json,
    to_json,
)


@pytest.mark.parametrize(
    "value",
    [
        Money(2500),
        AccountRef(3),
        PayeeRef(4),
        CardRef(5),
        Accounts((1, 2)),
        DateRange(date(2025, 3, 1), date(2025, 3, 31), "March 2025"),
        Ordering.LARGEST,
        Aggregate.AVERAGE,
        Direction.IN,
        "groceries",
        7,
    ],
)
def test_to_json_then_from_json_gives_the_value_back(value: SlotValue) -> None:
    assert from_json(to_json(value)) == value


@pytest.mark.parametrize(
    "data",
    [None, True, {"money": "25"}, {"money": True}, {"money": 1, "card": 2}, {"period": ["x", "y", "z"]}, {"nope": 1}],
)
def test_from_json_malformed_is_none(data: object) -> None:
    assert from_json(data) is None


def test_refs_of_different_kinds_with_one_id_differ() -> None:
    assert AccountRef(3) != PayeeRef(3)
    assert to_json(AccountRef(3)) != to_json(PayeeRef(3))
    assert Filled({"target": PayeeRef(3)}).get("target", AccountRef) is None


def test_to_json_refuses_a_bool() -> None:
    with pytest.raises(TypeError):
        to_json(True)


SLOTS = (
    Slot("amount", (Money,)),
    Slot("merchant", (str,), group="what"),
    Slot("category", (str,), group="what"),
)


def test_filled_from_json_keeps_declared_slots_of_declared_kinds() -> None:
    stored = {"amount": {"money": 500}, "merchant": "Pret", "unknown": "x", "category": {"money": 3}}
    assert Filled.from_json(stored, SLOTS).values == {"amount": Money(500), "merchant": "Pret"}


def test_filled_with_values_replaces_its_group_and_removes_on_none() -> None:
    filled = Filled({"amount": Money(500), "merchant": "Pret"})
    changed = filled.with_values({"category": "coffee", "amount": None}, SLOTS)
    assert changed.values == {"category": "coffee"}
    assert filled.get("amount", Money) == Money(500)  # the original is unchanged
    assert changed.get("category", Money) is None  # a value of another kind is not returned
