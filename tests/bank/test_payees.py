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
        ("send bob 20", "Bob Brown"),
        ("pay Bob Brown £20", "Bob Brown"),
        ("brown", "Bob Brown"),
        ("Ms Shah", "Priya Shah"),
        ("PRIYA SHAH", "Priya Shah"),
        ("the landlord", "Landlord - Oak Estates"),
        ("Landlord - Oak Estates", "Landlord - Oak Estates"),
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


@pytest.mark.parametrize(
    ("username", "words", "name"),
    [
        ("alice", "bbo", "Bob Brown"),
        ("alice", "send 20 to bbo", "Bob Brown"),
        ("alice", "Priyaa", "Priya Shah"),
        ("alice", "pay priay 15", "Priya Shah"),
        ("alice", "Pryia Shah", "Priya Shah"),
        ("alice", "landlrd", "Landlord - Oak Estates"),
        ("alice", "my landlrod", "Landlord - Oak Estates"),
        ("alice", "Bob Brwon", "Bob Brown"),
        ("bob", "alcie", "Alice Anderson"),
        ("bob", "Andersen", "Alice Anderson"),
        ("bob", "send 10 to my mum", "Mum"),
        ("bob", "umm", None),
    ],
)
def test_find_payee_forgives_small_typos(db: Db, username: str, words: str, name: str | None) -> None:
    found = find_payee(db=db, owner_id=demo_customer(db, username=username), words=words)

    assert (found.name if found else None) == name


ORDINARY_SENTENCES = [
    "send 20 to savings",
    "how much did I spend",
    "the other one",
    "yes",
    "no",
    "cancel",
    "what's my balance",
    "show my transactions",
    "freeze my card",
    "transfer to checking",
    "how much is left",
    "thanks",
    "sum it up",
    "send money to someone",
    "pay my bills",
    "what's the same as last month",
    "I need to adjust my limit",
    "bobs and bits",
    "am I overdrawn",
    "shall we",
    "a brand new card",
    "lend me a fiver",
    "all good",
    "show me my statement",
    "samples please",
    "what does a tailor cost",
    "letting agent fees",
]


@pytest.mark.parametrize("username", ["alice", "bob", "carol"])
@pytest.mark.parametrize("words", ORDINARY_SENTENCES)
def test_find_payee_ordinary_sentence_matches_no_payee(db: Db, username: str, words: str) -> None:
    assert find_payee(db=db, owner_id=demo_customer(db, username=username), words=words) is None


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
