"""Payment references as customers say them: "for pizza", "ref rent march"; cut to 18 characters."""

from __future__ import annotations

import pytest

from bankchat.agents.reference import (
    MAX_LENGTH,
    Reference,
    names_reference,
    quoted,
    reference_in,
    with_own_name,
    without_reference,
)


@pytest.mark.parametrize(
    ("text", "reference", "without"),
    [
        ("send mum 15 for pizza", "pizza", "send mum 15"),
        ("send 15 to mum for pizza.", "pizza", "send 15 to mum"),
        ("pay bob 20 ref rent march", "rent march", "pay bob 20"),
        ("pay bob £20 reference: invoice 42", "invoice 42", "pay bob £20"),
        ('send bob 10 memo "beers"', "beers", "send bob 10"),
        ("send 1.5k to landlord for rent", "rent", "send 1.5k to landlord"),
        ("send mum 15 for pizza and drinks on saturday night", "pizza and drinks", "send mum 15"),
        ("can i send priya fifty quid for the concert tickets", "concert tickets", "can i send priya fifty quid"),
        ("send mum a tenner for pizza", "pizza", "send mum a tenner"),
    ],
)
def test_reference_is_read_and_taken_out_of_the_message(text: str, reference: str, without: str) -> None:
    found = reference_in(text)
    assert found is not None
    assert (found.text, found.without) == (reference, without)


@pytest.mark.parametrize(
    "text",
    [
        "send bob 20 for me",  # who, not what
        "send 50 for friday",  # when
        "pay 20 for my credit card",
        "send bob 20 with reference to my email",
        "what is the reference for my last transfer",
        "what was the reference on that",
        "send mum some money for pizza",  # "for" counts only after an amount
        "whats the reference gonna be",
        "what will the reference be",
    ],
)
def test_no_reference_where_for_says_who_or_when_or_ref_is_asked_about(text: str) -> None:
    assert reference_in(text) is None


def test_a_long_reference_keeps_the_words_that_fit() -> None:
    found = reference_in("ref supercalifragilisticexpialidocious")
    assert found is not None
    assert found.text == "supercalifragilist"
    assert len(found.text) == MAX_LENGTH


def test_the_classifier_reads_a_payment_order_without_its_reference() -> None:
    assert without_reference("send mum 15 for pizza") == "send mum 15"
    assert without_reference("did i pay 20 for netflix") == "did i pay 20 for netflix"  # not an order


@pytest.mark.parametrize(
    ("text", "reference", "without"),
    [
        ("actually make it 45 and put 'dinner' as the reference", "dinner", "actually make it 45 and"),
        ("use rent march as the ref", "rent march", ""),
        ('put "birthday" as the reference please', "birthday", "please"),
    ],
)
def test_a_reference_named_before_as_the_reference(text: str, reference: str, without: str) -> None:
    assert reference_in(text) == Reference(reference, without)
    assert names_reference(text)


def test_quoted_words_are_the_reference() -> None:
    assert quoted("  pizza  night ") == "pizza night"
    assert quoted("   ") is None


@pytest.mark.parametrize("text", ["no reference please", "no ref needed", "without a reference"])
def test_no_reference_wanted_is_no_reference_and_no_no(text: str) -> None:
    assert reference_in(text) is None
    assert names_reference(text)  # read by the payment waiting, never a no to it


@pytest.mark.parametrize(
    ("said", "sent"),
    [
        ("my name", "Alice Anderson"),
        ("my full name", "Alice Anderson"),
        ("my first name", "Alice"),
        ("my surname", "Anderson"),
        ("my name day", "my name day"),
        ("pizza", "pizza"),
    ],
)
def test_with_own_name_puts_the_customers_name(said: str, sent: str) -> None:
    assert with_own_name(said, "Alice Anderson") == sent
