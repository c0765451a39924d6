"""Guardrails: run before any agent acts (input) and on everything the bot says (output)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bankchat.bank import bank_details

_INJECTION = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(instructions|rules|prompt|above)\b"
    r"|\b(system|developer)\s+prompt\b"
    r"|\byou are now\b|\bact as\b.{0,30}\b(admin\w*|developer|root|superuser)\b|\bjailbreak\b",
    re.IGNORECASE | re.DOTALL,
)
_DATA = r"(balance|transactions?|statements?|accounts?|spending|payments?|cards?|details|history|money|password|pin)"
_NOT_PEOPLE = frozenset(
    [
        "my",
        "your",
        "it",
        "that",
        "what",
        "who",
        "where",
        "when",
        "how",
        "there",
        "here",
        "let",
        "today",
        "yesterday",
        "tomorrow",
        "week",
        "month",
        "year",
        "day",
        "weekend",
        "morning",
        "evening",
        "tonight",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "bank",
        "bankchat",
        "everyone",
        "one",
    ]
)
_POSSESSIVE = re.compile(rf"(?<!\bto )(?<!\binto )\b([a-z]+)['’]s\s+(?:\w+\s+)?{_DATA}\b", re.IGNORECASE)
_OTHERS = re.compile(
    rf"\b(other|another|all|every|some)\s+(customers?|users?|people|members?|clients?)['’]?s?\b.{{0,40}}\b{_DATA}\b"
    rf"|\b{_DATA}\b.{{0,40}}\b(other|another|all|every)\s+(customers?|users?|people|clients?)\b",
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


HIDDEN_CARD = "[card number hidden]"
HIDDEN_SECRET = "[hidden]"  # noqa: S105 - the mark put where a secret was, not a secret
_SECRET = re.compile(
    r"\b(?P<what>pin(?: number| code)?|passcode|pass code|security code|cvv|cvc|cvv2|password)\b"
    r"(?P<said>(?:\s+(?:is|was|=|:|-|number|code))*\s*[:=]?\s*)"
    r"(?P<secret>\d{3,8}\b|(?<=password is )\S+|(?<=password: )\S+|(?<=password )\S*\d\S*)",
    re.IGNORECASE,
)
"""A PIN, passcode, password or card security code written out ("my pin is 4821")."""


_PAYEE_DETAILS = re.compile(
    r"(?<![\w-])\d{2}-?\d{2}-?\d{2}[ ,]+\d{6,8}(?![\d-])|\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}\b"
)
"""A sort code then an account number ("20-00-00 12345678"), or an IBAN: what a payee is added with, which no
card number looks like (an IBAN counts only with its country's length)."""


def hide_secrets(text: str) -> str:
    """The message with any full card number and any PIN, passcode, password or security code written in it
    replaced by a mark: applied before the message is stored, so no one (staff included) ever reads them.
    A payee's bank details are not a secret (they are given out to be paid) and are left as they are."""
    kept, start = [], 0
    for details in _PAYEE_DETAILS.finditer(text):
        if details.group(0)[0].isalpha() and not _iban_shaped(details.group(0)):
            continue
        kept += [_CARD_OR_ACCOUNT.sub(HIDDEN_CARD, text[start : details.start()]), details.group(0)]
        start = details.end()
    text = "".join([*kept, _CARD_OR_ACCOUNT.sub(HIDDEN_CARD, text[start:])])
    return _SECRET.sub(lambda m: f"{m.group('what')}{m.group('said')}{HIDDEN_SECRET}", text)


def _iban_shaped(said: str) -> bool:
    """An IBAN of a country that issues them, of that country's length (its check digits are the flow's to check:
    a typo in them is answered with the reason, not hidden as a card number)."""
    iban = re.sub(r"\s", "", said).upper()
    return bank_details.IBAN_LENGTHS.get(iban[:2]) == len(iban)


def check_input(text: str) -> GuardrailResult:
    """Trip on a secret written out (already hidden), prompt injection and requests for other people's data;
    the rest goes to the router."""
    if HIDDEN_CARD in text or HIDDEN_SECRET in text:
        return GuardrailResult(tripwire_triggered=True, reason="shared_secret")
    if _INJECTION.search(text):
        return GuardrailResult(tripwire_triggered=True, reason="prompt_injection")
    for match in _POSSESSIVE.finditer(text):
        if match.group(1).lower() not in _NOT_PEOPLE:
            return GuardrailResult(tripwire_triggered=True, reason="other_customer_data")
    if _OTHERS.search(text):
        return GuardrailResult(tripwire_triggered=True, reason="other_customer_data")
    return GuardrailResult(tripwire_triggered=False)


REFUSALS = {
    "shared_secret": (
        "Please never type your full card number, PIN, passcode or password into a chat, this one included: "
        "I've hidden what you wrote, so nobody here can read it. No one from BankChat will ever ask for them. "
        "If you think someone else may have them, say **freeze my card** and I'll stop the card at once."
    ),
    "prompt_injection": (
        "I can't do that. I only help with your own banking, and my instructions can't be changed in the chat. "
        "Type **help** to see what I can do."
    ),
    "other_customer_data": (
        "I'm sorry, I can only show you information about your own accounts. For anyone else's, they need to "
        "ask us themselves. Is there something about your own accounts I can help with?"
    ),
    "out_of_scope": (
        "I'm your banking assistant, so I can't help with that one. I can check balances, find transactions, "
        "move money, manage your card and answer questions about your account. Type **help** for more."
    ),
}
"""What the customer is told when a guardrail trips, by reason."""


def mask_numbers(text: str) -> str:
    """Mask anything shaped like a full card or account number, keeping the last four digits."""

    def _mask(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        return "•••• " + digits[-4:]

    return _CARD_OR_ACCOUNT.sub(_mask, text)
