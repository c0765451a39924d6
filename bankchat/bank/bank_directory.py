"""Which bank a payee's details belong to: a small, partial sort-code directory and the IBAN's country.

A real bank reads the payee's bank from Pay.UK's Extended Industry Sort Code Directory (EISCD),
which is licensed and not bundled here. This module knows only the well-known ranges of the main
UK banks, as their customers see them on statements and cheques:

=====================  ==============================================================
sort codes             bank
=====================  ==============================================================
04-00-04               Monzo
07-00-00 – 07-49-99    Nationwide
09-00-00 – 09-99-99    Santander
11-00-00 – 11-99-99    Halifax
12-00-00 – 12-99-99    Bank of Scotland
20-00-00 – 20-99-99    Barclays
23-05-80               Metro Bank
30-00-00 – 30-99-99    Lloyds
40-00-00 – 40-99-99    HSBC
50-00-00 – 60-99-99    NatWest
60-83-71               Starling Bank
72-00-00 – 72-99-99    Santander
80-00-00 – 80-99-99    Bank of Scotland
82-00-00 – 82-99-99    Clydesdale Bank
83-00-00 – 83-99-99    Royal Bank of Scotland
87-00-00 – 87-99-99    TSB
98-00-00 – 98-99-99    Ulster Bank
=====================  ==============================================================

The narrowest range wins (60-83-71 is Starling inside NatWest's range). Any other sort code,
including building societies, the smaller banks and the ranges banks share after mergers (77, held
by both Lloyds and TSB since they split), gives "" (no bank name), never a guess. An IBAN gives its
bank for a British one (the four letters after the check digits, when they are a bank code listed
below, else its sort code) and "a bank in <country>" for any other.
"""

from __future__ import annotations

from bankchat.bank.bank_details import BankDetails

SORT_CODE_RANGES: tuple[tuple[str, str, str], ...] = (
    ("040004", "040004", "Monzo"),
    ("070000", "074999", "Nationwide"),
    ("090000", "099999", "Santander"),
    ("110000", "119999", "Halifax"),
    ("120000", "129999", "Bank of Scotland"),
    ("200000", "209999", "Barclays"),
    ("230580", "230580", "Metro Bank"),
    ("300000", "309999", "Lloyds"),
    ("400000", "409999", "HSBC"),
    ("500000", "609999", "NatWest"),
    ("608371", "608371", "Starling Bank"),
    ("720000", "729999", "Santander"),
    ("800000", "809999", "Bank of Scotland"),
    ("820000", "829999", "Clydesdale Bank"),
    ("830000", "839999", "Royal Bank of Scotland"),
    ("870000", "879999", "TSB"),
    ("980000", "989999", "Ulster Bank"),
)
"""``(first, last, bank)``: the sort codes from ``first`` to ``last`` (six digits each) are ``bank``'s."""

GB_BANK_CODES: dict[str, str] = {
    "BARC": "Barclays", "BUKB": "Barclays", "LOYD": "Lloyds", "HBUK": "HSBC", "MIDL": "HSBC",
    "NWBK": "NatWest", "RBOS": "Royal Bank of Scotland", "ABBY": "Santander", "NAIA": "Nationwide",
    "MONZ": "Monzo", "SRLG": "Starling Bank", "BOFS": "Bank of Scotland", "HLFX": "Halifax",
    "TSBS": "TSB", "CLYD": "Clydesdale Bank", "ULSB": "Ulster Bank", "MYMB": "Metro Bank",
}  # fmt: skip
"""The bank codes (a BIC's first four letters) in a British IBAN, for the banks above."""

COUNTRIES: dict[str, str] = {
    "AD": "Andorra", "AE": "the United Arab Emirates", "AL": "Albania", "AT": "Austria", "AZ": "Azerbaijan",
    "BA": "Bosnia and Herzegovina", "BE": "Belgium", "BG": "Bulgaria", "BH": "Bahrain", "BR": "Brazil",
    "BY": "Belarus", "CH": "Switzerland", "CR": "Costa Rica", "CY": "Cyprus", "CZ": "the Czech Republic",
    "DE": "Germany", "DK": "Denmark", "DO": "the Dominican Republic", "EE": "Estonia", "EG": "Egypt",
    "ES": "Spain", "FI": "Finland", "FO": "the Faroe Islands", "FR": "France", "GB": "the UK",
    "GE": "Georgia", "GI": "Gibraltar", "GL": "Greenland", "GR": "Greece", "GT": "Guatemala", "HR": "Croatia",
    "HU": "Hungary", "IE": "Ireland", "IL": "Israel", "IQ": "Iraq", "IS": "Iceland", "IT": "Italy",
    "JO": "Jordan", "KW": "Kuwait", "KZ": "Kazakhstan", "LB": "Lebanon", "LC": "Saint Lucia",
    "LI": "Liechtenstein", "LT": "Lithuania", "LU": "Luxembourg", "LV": "Latvia", "MC": "Monaco",
    "MD": "Moldova", "ME": "Montenegro", "MK": "North Macedonia", "MR": "Mauritania", "MT": "Malta",
    "MU": "Mauritius", "NL": "the Netherlands", "NO": "Norway", "PK": "Pakistan", "PL": "Poland",
    "PS": "Palestine", "PT": "Portugal", "QA": "Qatar", "RO": "Romania", "RS": "Serbia", "SA": "Saudi Arabia",
    "SC": "Seychelles", "SE": "Sweden", "SI": "Slovenia", "SK": "Slovakia", "SM": "San Marino",
    "ST": "São Tomé and Príncipe", "SV": "El Salvador", "TL": "Timor-Leste", "TN": "Tunisia", "TR": "Turkey",
    "UA": "Ukraine", "VA": "Vatican City", "VG": "the British Virgin Islands", "XK": "Kosovo",
}  # fmt: skip
"""The name of each country that issues IBANs, as it reads after "a bank in"."""


def bank_for_sort_code(sort_code: str) -> str:
    """The bank whose range holds ``sort_code`` (six digits), the narrowest range first; "" when unknown."""
    holding = [(int(last) - int(first), bank) for first, last, bank in SORT_CODE_RANGES if first <= sort_code <= last]
    return min(holding)[1] if holding else ""


def bank_name_of(details: BankDetails) -> str:
    """The payee's bank as a customer would name it ("Barclays", "a bank in Germany"); "" when unknown."""
    if details.iban and not details.iban.startswith("GB"):
        country = COUNTRIES.get(details.iban[:2])
        return f"a bank in {country}" if country else ""
    if details.iban and (bank := GB_BANK_CODES.get(details.iban[4:8])):
        return bank
    return bank_for_sort_code(details.sort_code)
