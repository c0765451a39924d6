"""Cards: freeze and unfreeze (idempotent), report lost (final); only ever the caller's own."""

from __future__ import annotations

import pytest
from sqlmodel import Session as Db

from bankchat.bank import find_card, freeze_card, get_card, list_cards, report_lost, unfreeze_card
from bankchat.bank.cards import unknown_ending
from bankchat.errors import CardActionRejected, CardNotFound
from bankchat.models import Card
from tests.bank.helpers import demo_customer


@pytest.fixture
def owner(db: Db) -> int:
    return demo_customer(db)


def _debit_card_id(db: Db, owner: int) -> int:
    return next(c.id for c in list_cards(db=db, owner_id=owner) if c.kind == "debit")


def test_list_cards_debit_and_credit_active(db: Db, owner: int) -> None:
    cards = list_cards(db=db, owner_id=owner)

    assert [(c.kind, c.brand, c.status) for c in cards] == [
        ("debit", "Visa Debit", "active"),
        ("credit", "Mastercard", "active"),
    ]
    assert [c.account_name for c in cards] == ["Everyday Checking", "Credit Card"]
    assert all(len(c.last4) == 4 and c.last4.isdigit() for c in cards)


def test_freeze_card_then_again_is_noop(db: Db, owner: int) -> None:
    card_id = _debit_card_id(db, owner)

    first = freeze_card(db=db, owner_id=owner, card_id=card_id)
    second = freeze_card(db=db, owner_id=owner, card_id=card_id)

    assert (first.card.status, first.changed) == ("frozen", True)
    assert (second.card.status, second.changed) == ("frozen", False)
    assert get_card(db=db, owner_id=owner, card_id=card_id).status == "frozen"


def test_unfreeze_card_restores_active_and_active_is_noop(db: Db, owner: int) -> None:
    card_id = _debit_card_id(db, owner)
    freeze_card(db=db, owner_id=owner, card_id=card_id)

    card, changed = unfreeze_card(db=db, owner_id=owner, card_id=card_id)
    again = unfreeze_card(db=db, owner_id=owner, card_id=card_id)

    assert (card.status, changed) == ("active", True)
    assert (again.card.status, again.changed) == ("active", False)


def test_report_lost_is_final(db: Db, owner: int) -> None:
    card_id = _debit_card_id(db, owner)
    freeze_card(db=db, owner_id=owner, card_id=card_id)

    lost = report_lost(db=db, owner_id=owner, card_id=card_id)
    again = report_lost(db=db, owner_id=owner, card_id=card_id)

    assert (lost.card.status, lost.changed) == ("lost", True)
    assert again.changed is False
    for action in (unfreeze_card, freeze_card):
        with pytest.raises(CardActionRejected) as refused:
            action(db=db, owner_id=owner, card_id=card_id)
        assert refused.value.code == "card_lost"
    assert get_card(db=db, owner_id=owner, card_id=card_id).status == "lost"


def test_card_of_other_user_is_not_found_and_unchanged(db: Db, owner: int) -> None:
    stranger = demo_customer(db, username="bob")
    theirs = _debit_card_id(db, stranger)

    for action in (get_card, freeze_card, unfreeze_card, report_lost):
        with pytest.raises(CardNotFound):
            action(db=db, owner_id=owner, card_id=theirs)  # type: ignore[operator]
    with pytest.raises(CardNotFound):
        get_card(db=db, owner_id=owner, card_id=theirs + 10_000)
    assert get_card(db=db, owner_id=stranger, card_id=theirs).status == "active"


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("my debit card", "debit"),
        ("the credit card", "credit"),
        ("my visa", "debit"),
        ("mastercard", "credit"),
        ("my credit card got stolen on the tube", "credit"),
        ("debit", "debit"),
        ("the debit one", "debit"),
        ("freeze the Visa Debit", "debit"),
        ("my master card", "credit"),
        ("the mastercad", "credit"),
        ("my credti card", "credit"),
        ("lost my cc", "credit"),
        ("the debti card", "debit"),
    ],
)
def test_find_card_by_kind_or_brand(db: Db, owner: int, words: str, kind: str) -> None:
    found = find_card(db=db, owner_id=owner, words=words)

    assert found is not None
    assert found.kind == kind


def test_find_card_by_last4_and_ambiguous_is_none(db: Db, owner: int) -> None:
    credit = list_cards(db=db, owner_id=owner)[1]

    assert find_card(db=db, owner_id=owner, words=f"card ending {credit.last4}") == credit
    assert find_card(db=db, owner_id=owner, words="freeze my card") is None


def test_find_card_single_usable_card_is_meant(db: Db, owner: int) -> None:
    report_lost(db=db, owner_id=owner, card_id=list_cards(db=db, owner_id=owner)[1].id)

    found = find_card(db=db, owner_id=owner, words="freeze my card")

    assert found is not None
    assert found.kind == "debit"


@pytest.mark.parametrize("shape", ["card ending {}", "ending in {}", "****{}", "{}", "the one that ends with {}"])
def test_find_card_by_last4_in_any_shape(db: Db, owner: int, shape: str) -> None:
    credit = list_cards(db=db, owner_id=owner)[1]

    assert find_card(db=db, owner_id=owner, words=shape.format(credit.last4)) == credit


def test_find_card_brand_they_do_not_hold_is_none_even_with_one_usable_card(db: Db, owner: int) -> None:
    report_lost(db=db, owner_id=owner, card_id=list_cards(db=db, owner_id=owner)[1].id)

    assert find_card(db=db, owner_id=owner, words="freeze my amex") is None
    assert find_card(db=db, owner_id=owner, words="my American Express") is None


@pytest.mark.parametrize("words", ["pay off my debt", "send it via transfer", "the other one", "yes"])
def test_find_card_ordinary_words_name_no_card(db: Db, owner: int, words: str) -> None:
    assert find_card(db=db, owner_id=owner, words=words) is None


def _second_debit_card(db: Db, owner: int) -> int:
    first = list_cards(db=db, owner_id=owner)[0]
    card = Card(owner_id=owner, account_id=first.account_id, brand="Visa Debit", last4="0000")
    db.add(card)
    db.flush()
    assert card.id is not None
    return card.id


def test_find_card_of_a_kind_with_one_not_lost_means_that_one(db: Db, owner: int) -> None:
    report_lost(db=db, owner_id=owner, card_id=_debit_card_id(db, owner))
    replacement = _second_debit_card(db, owner)

    found = find_card(db=db, owner_id=owner, words="freeze my debit card")

    assert found is not None
    assert found.id == replacement


def test_find_card_of_a_kind_with_two_usable_is_none(db: Db, owner: int) -> None:
    _second_debit_card(db, owner)

    assert find_card(db=db, owner_id=owner, words="my visa debit") is None


def test_an_ending_no_card_has_names_no_card_and_says_which(db: Db, owner: int) -> None:
    debit = list_cards(db=db, owner_id=owner)[0]
    assert debit.brand == "Visa Debit"
    assert debit.last4 != "1311"

    assert find_card(db=db, owner_id=owner, words="the visa one ending 1311") is None
    assert unknown_ending(db=db, owner_id=owner, words="the visa one ending 1311") == "1311"
    assert unknown_ending(db=db, owner_id=owner, words=f"the visa ending {debit.last4}") is None
    assert unknown_ending(db=db, owner_id=owner, words="the visa one") is None
