"""Card questions answered without acting: where the details are, and freezing against blocking."""

from __future__ import annotations

import pytest

from bankchat.agents.flows.card_answers import asks_card_details, asks_freeze_or_block


@pytest.mark.parametrize(
    "text",
    [
        "whats my card number",
        "whats the long number on my card",
        "i need my card details to buy something online",
        "whats the cvv on my card",
        "wheres the security code",
        "whats my card expiry date",
    ],
)
def test_asks_card_details(text: str) -> None:
    assert asks_card_details(text)


@pytest.mark.parametrize(
    "text",
    [
        "my card is about to expire",
        "someone has my card details",
        "freeze the card with card number ending 3076",
        "i gave my card details to a scam website",
        "whats my account number",
        "freeze my card",
    ],
)
def test_details_at_risk_or_orders_are_not_the_question(text: str) -> None:
    assert not asks_card_details(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("whats the difference between freezing and cancelling my card", True),
        ("diff between blocking and freezing a card?", True),
        ("should i freeze or cancel my card", True),
        ("do i block it or freeze it", True),
        ("freeze my card", False),
        ("cancel my card", False),
        ("freeze or cancel, whatever, just stop it", False),
    ],
)
def test_asks_freeze_or_block(text: str, expected: bool) -> None:
    assert asks_freeze_or_block(text) is expected
