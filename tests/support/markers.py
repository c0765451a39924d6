"""Words a test sends to find its own message again."""

from __future__ import annotations

import secrets
import string


def unique_text(words: str, letters: int = 8) -> str:
    """``words`` and a random tail of letters only.

    Never digits: a title hides seven or more of them (they may be an account number) and
    the assistant may read a number as an amount, so a digits-only tail would not be found.
    """
    return f"{words} {''.join(secrets.choice(string.ascii_lowercase) for _ in range(letters))}"
