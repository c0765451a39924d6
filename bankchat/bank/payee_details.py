"""What the bank keeps of a payee's bank details once they are read: a fingerprint and masked forms, never the
full numbers.

``KeptDetails`` is all a payee needs to be checked for duplicates, approved and saved; ``details_hash`` is
its fingerprint, an HMAC (keyed with the server secret) of the normalised full details. A chat that
waits for the customer's yes holds a payee's details as ``seal(kept(details))``: the same fields, signed
with the server secret so that no one can hand the flow a made-up fingerprint; the full account number
or IBAN never reaches the waiting step, the reply's trace, the audit trail or a log.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import asdict, dataclass
from typing import TypedDict

from bankchat.bank.bank_details import BankDetails
from bankchat.bank.bank_directory import bank_name_of
from bankchat.settings import get_settings

_SEALED = "kept:"


@dataclass(frozen=True)
class KeptDetails:
    """A payee's bank details as kept: masked, with the fingerprint of the full ones."""

    fingerprint: str
    """``details_hash`` of the full details."""
    masked_account: str
    """ "•••• 5678": the account number's (or IBAN's) last four digits."""
    masked_sort_code: str
    """ "••-••-56", or "IBAN DE" for an account abroad."""
    masked_iban: str = ""
    """ "DE89 •••• 3000" for details given as an IBAN; "" otherwise."""
    bank_name: str = ""
    """The bank the details belong to, from ``bank_directory`` ("" when it doesn't know)."""

    @property
    def has_sort_code(self) -> bool:
        """Whether the details are a UK account (a sort code and account number, or a British IBAN)."""
        return not self.masked_sort_code.startswith("IBAN")


class PayeeColumns(TypedDict):
    """The columns of a payee's row that hold its bank details (``Payee``)."""

    masked_account: str
    sort_code: str
    details_hash: str


def payee_columns(said: KeptDetails) -> PayeeColumns:
    """What a payee's row keeps of ``said``: the masked details and the fingerprint (its bank is the caller's)."""
    return PayeeColumns(
        masked_account=said.masked_account, sort_code=said.masked_sort_code, details_hash=said.fingerprint
    )


def _key() -> bytes:
    return get_settings().secret_key.encode()


def details_hash(details: BankDetails) -> str:
    """The stored fingerprint of ``details``: an HMAC-SHA256 with the server secret, never reversible."""
    return hmac.new(_key(), b"payee-details:" + details.key.encode(), hashlib.sha256).hexdigest()


def kept(details: BankDetails | KeptDetails) -> KeptDetails:
    """What is kept of ``details`` (already kept ones as they are)."""
    if isinstance(details, KeptDetails):
        return details
    iban = details.iban
    return KeptDetails(
        fingerprint=details_hash(details),
        masked_account=details.masked_account,
        masked_sort_code=details.masked_sort_code,
        masked_iban=f"{iban[:4]} •••• {iban[-4:]}" if iban else "",
        bank_name=bank_name_of(details),
    )


def seal(details: KeptDetails) -> str:
    """``details`` as one signed string for a waiting step ("kept:<fields>.<signature>")."""
    body = base64.urlsafe_b64encode(json.dumps(asdict(details), ensure_ascii=False).encode()).decode()
    return f"{_SEALED}{body}.{_signature(body)}"


def unseal(text: str) -> KeptDetails | None:
    """The details ``seal`` made ``text`` from; None for anything else (typed details, a bad signature)."""
    body, _, signature = text.removeprefix(_SEALED).rpartition(".")
    if not text.startswith(_SEALED) or not hmac.compare_digest(signature, _signature(body)):
        return None
    try:
        fields = json.loads(base64.urlsafe_b64decode(body.encode()))
        return KeptDetails(**{name: str(value) for name, value in fields.items()})
    except (ValueError, TypeError):
        return None


def _signature(body: str) -> str:
    return hmac.new(_key(), b"kept-payee-details:" + body.encode(), hashlib.sha256).hexdigest()[:32]
