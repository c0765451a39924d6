"""Payees: listing and finding by name or nickname; only ever the caller's own."""

from __future__ import annotations

import pytest
from sqlmodel import Session as Db

from bankchat.bank import find_payee, get_payee, list_payees
from bankchat.errors import PayeeNotFound
from tests.bank.helpers import demo_customer


def test_list_payees_of_alice_alphabetically_with_masked_details(db: Db) -> None:
    payees = list_payees(db=db, owner_id=demo_customer(db, username="alice"))

    assert [p.name for p in payees] == ["Bob Brown", "Landlord - Oak Estates", "Priya Shah"]
    for p in payees:
        assert p.masked_account.startswith("•••• ")
        assert p.sort_code.startswith("••-••-")


@pytest.mark.parametrize(
    ("words", "name"),
    [
        ("landlord", "Landlord - Oak Estates"),
        ("my Landlord", "Landlord - Oak Estates"),
        ("Bob Brown", "Bob Brown"),
        ("bob", "Bob Brown"),
        ("send it to BOB please", "Bob Brown"),
        ("priya", "Priya Shah"),
    ],
)
def test_find_payee_by_name_or_nickname_any_case(db: Db, words: str, name: str) -> None:
    found = find_payee(db=db, owner_id=demo_customer(db, username="alice"), words=words)

    assert found is not None
    assert found.name == name


def test_find_payee_mum_for_bob(db: Db) -> None:
    found = find_payee(db=db, owner_id=demo_customer(db, username="bob"), words="Mum")

    assert found is not None
    assert found.nickname == "mum"


@pytest.mark.parametrize("words", ["", "mum", "bobby", "oak"])
def test_find_payee_unknown_is_none(db: Db, words: str) -> None:
    assert find_payee(db=db, owner_id=demo_customer(db, username="alice"), words=words) is None


def test_payee_of_other_user_is_not_found(db: Db) -> None:
    alice = demo_customer(db, username="alice")
    bobs = list_payees(db=db, owner_id=demo_customer(db, username="bob"))

    with pytest.raises(PayeeNotFound):
        get_payee(db=db, owner_id=alice, payee_id=bobs[0].id)
    assert find_payee(db=db, owner_id=alice, words="mum") is None
    assert get_payee(db=db, owner_id=alice, payee_id=list_payees(db=db, owner_id=alice)[0].id).name == "Bob Brown"
