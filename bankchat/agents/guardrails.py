"""Guardrails: run before any agent acts (input) and on everything the bot says (output)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_INJECTION = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(instructions|rules|prompt|above)\b"
    r"|\b(system|developer)\s+prompt\b"
    r"|\byou are now\b|\bact as\b.{0,30}\b(admin\w*|developer|root|superuser)\b|\bjailbreak\b",
    re.IGNORECASE | re.DOTALL,
)
_CARD_OR_ACCOUNT = re.compile(r"(?<!\d)\d(?:[ -]?\d){11,18}(?!\d)")


@dataclass(frozen=True)
class GuardrailResult:
    """Whether a guardrail tripped, and why (for the trace and the refusal)."""

    tripwire_triggered: bool
    """True when the input must not reach any agent."""
    reason: str = ""
    """A short machine-readable reason, e.g. ``prompt_injection``."""


def check_input(text: str) -> GuardrailResult:
    """Trip on prompt-injection attempts; everything else passes to the router."""
    if _INJECTION.search(text):
        return GuardrailResult(tripwire_triggered=True, reason="prompt_injection")
    return GuardrailResult(tripwire_triggered=False)


def mask_numbers(text: str) -> str:
    """Mask anything shaped like a full card or account number, keeping the last four digits."""

    def _mask(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        return "•••• " + digits[-4:]

    return _CARD_OR_ACCOUNT.sub(_mask, text)
