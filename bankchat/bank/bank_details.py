"""A payee's bank details, read and checked: a UK sort code and account number, or an IBAN.

Written from the published rules, not copied from a library:

* **Sort code**: six digits, written ``12-34-56``, ``123456`` or ``12 34 56``.
* **Account number**: eight digits. Six- and seven-digit numbers are padded with zeros
  in front, as Pay.UK's *Validating account numbers* says; nine- and ten-digit numbers
  (some building societies, NatWest and Co-operative Bank accounts) depend on the bank's
  own rules, so the customer is asked for the eight-digit form the payee's bank gives.
* **Modulus check** (``bankchat.bank.modulus``): the standard modulus 10, modulus 11 and
  double-alternate checks with the weight rows written as data. A sort code that has no
  row in the table cannot be checked and is accepted, as the spec says.
* **IBAN**: the country's length and the ISO 7064 mod-97 check digits; spaces allowed,
  any case. A British IBAN carries a sort code and account number, which are checked too.

``read_details`` turns what a customer typed into ``BankDetails`` or raises
``InvalidBankDetails`` with a sentence saying what is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bankchat.bank.modulus import passes_modulus_check
from bankchat.errors import InvalidBankDetails

_SORT_CODE = re.compile(r"^(\d{2})[- ]?(\d{2})[- ]?(\d{2})$")
_IBAN_CHARS = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]+$")

IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
    "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
    "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
    "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
    "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29,
    "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}  # fmt: skip
"""The length of an IBAN in each country that issues them (the SWIFT IBAN registry)."""


@dataclass(frozen=True)
class BankDetails:
    """Checked bank details in their one normal form; never stored as they are (see ``masked``)."""

    sort_code: str
    """Six digits, or "" for a foreign IBAN."""
    account_number: str
    """Eight digits, or "" for a foreign IBAN."""
    iban: str = ""
    """The IBAN without spaces, upper case ("" for a sort code and account number)."""

    @property
    def key(self) -> str:
        """What makes two payees the same account: a British IBAN is its sort code and account number."""
        return f"uk:{self.sort_code}{self.account_number}" if self.sort_code else f"iban:{self.iban}"

    @property
    def masked_account(self) -> str:
        """ "•••• 5678": the last four digits of the account number (or of the IBAN)."""
        return f"•••• {(self.account_number or self.iban)[-4:]}"

    @property
    def masked_sort_code(self) -> str:
        """ "••-••-56" (an IBAN abroad: its country code, "IBAN DE")."""
        return f"••-••-{self.sort_code[-2:]}" if self.sort_code else f"IBAN {self.iban[:2]}"


def read_sort_code(text: str) -> str:
    """Six digits from "12-34-56", "123456" or "12 34 56"; ``InvalidBankDetails`` for anything else."""
    said = _SORT_CODE.match(text.strip())
    if said is None:
        raise InvalidBankDetails("A sort code is six digits, like 12-34-56")
    return "".join(said.groups())


def read_account_number(text: str) -> str:
    """Eight digits; six or seven are padded with zeros in front (as the spec says), others are refused."""
    digits = re.sub(r"[\s-]", "", text)
    if not digits.isdigit():
        raise InvalidBankDetails("An account number is digits only, usually eight of them")
    if len(digits) in (6, 7):
        return digits.zfill(8)
    if len(digits) in (9, 10):
        raise InvalidBankDetails(
            f"A {len(digits)}-digit account number is written differently by each bank that uses one: "
            "please ask the payee for the 8-digit account number their bank gives for payments"
        )
    if len(digits) != 8:
        raise InvalidBankDetails("A UK account number has eight digits")
    return digits


def read_uk_details(sort_code: str, account_number: str) -> BankDetails:
    """A sort code and account number, formats and modulus check passed."""
    code, number = read_sort_code(sort_code), read_account_number(account_number)
    if not passes_modulus_check(code, number):
        raise InvalidBankDetails(
            f"Account number {number} doesn't pass the bank's check for sort code {_dashed(code)}: "
            "one of the digits is probably wrong"
        )
    return BankDetails(sort_code=code, account_number=number)


def read_iban(text: str) -> BankDetails:
    """An IBAN (spaces allowed, any case): the country's length and the mod-97 check digits."""
    iban = re.sub(r"\s", "", text).upper()
    if not _IBAN_CHARS.match(iban):
        raise InvalidBankDetails("An IBAN starts with a country code and two check digits, like GB29 NWBK …")
    length = IBAN_LENGTHS.get(iban[:2])
    if length is None:
        raise InvalidBankDetails(f"{iban[:2]} is not a country that issues IBANs")
    if len(iban) != length:
        raise InvalidBankDetails(f"An IBAN from {iban[:2]} has {length} characters; this one has {len(iban)}")
    if mod97(iban[4:] + iban[:4]) != 1:
        raise InvalidBankDetails("That IBAN's check digits don't match: a character is probably mistyped")
    if iban.startswith("GB"):  # GBkk BANK SSSSSS AAAAAAAA: the sort code and account inside are checked too
        uk = read_uk_details(iban[8:14], iban[14:])
        return BankDetails(sort_code=uk.sort_code, account_number=uk.account_number, iban=iban)
    return BankDetails(sort_code="", account_number="", iban=iban)


def read_details(
    *, sort_code: str | None = None, account_number: str | None = None, iban: str | None = None
) -> BankDetails:
    """Either a sort code with an account number, or an IBAN; ``InvalidBankDetails`` says what is wrong."""
    if iban and (sort_code or account_number):
        raise InvalidBankDetails("Give either a sort code and account number, or an IBAN, not both")
    if iban:
        return read_iban(iban)
    if not sort_code or not account_number:
        raise InvalidBankDetails("A payee needs a sort code and an account number, or an IBAN")
    return read_uk_details(sort_code, account_number)


def mod97(text: str) -> int:
    """ISO 7064 MOD 97-10 of ``text``, letters counted as 10 (A) to 35 (Z), read piece by piece."""
    remainder = 0
    for char in text:
        value = int(char, 36)
        remainder = (remainder * (100 if value > 9 else 10) + value) % 97
    return remainder


def _dashed(code: str) -> str:
    return f"{code[:2]}-{code[2:4]}-{code[4:]}"
