"""A saved payee's new bank details are asked in many words; the customer's own details are another question."""

from __future__ import annotations

import pytest

from bankchat.agents.flows.payee_details import asks_to_change_payee_details


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("update bob's sort code", True),
        ("change bobs account number", True),
        ("bobs changed banks, new details", True),
        ("i need to update a payees bank details", True),
        ("new bank details for priya", True),
        ("change my account number", False),
        ("update my details", False),
        ("whats bobs sort code", False),
        ("rename bob to Bobby", False),
        ("ive changed banks", False),
    ],
)
def test_asks_to_change_payee_details(text: str, expected: bool) -> None:
    assert asks_to_change_payee_details(text) is expected
