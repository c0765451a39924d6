"""The partial sort-code directory: the main banks' well-known ranges, the narrowest first; the IBAN's country."""

from __future__ import annotations

import pytest

from bankchat.bank.bank_details import read_iban, read_uk_details
from bankchat.bank.bank_directory import bank_for_sort_code, bank_name_of


@pytest.mark.parametrize(
    ("sort_code", "bank"),
    [
        ("200000", "Barclays"),
        ("209999", "Barclays"),
        ("309634", "Lloyds"),
        ("401234", "HSBC"),
        ("601613", "NatWest"),
        ("608371", "Starling Bank"),  # inside NatWest's range: the narrowest range wins
        ("040004", "Monzo"),
        ("070116", "Nationwide"),
        ("830608", "Royal Bank of Scotland"),
    ],
)
def test_bank_for_sort_code_names_the_bank_of_a_known_range(sort_code: str, bank: str) -> None:
    assert bank_for_sort_code(sort_code) == bank


@pytest.mark.parametrize("sort_code", ["010000", "075000", "999999", "040005", "774926"])
def test_bank_for_sort_code_is_empty_for_a_sort_code_it_does_not_know(sort_code: str) -> None:
    assert bank_for_sort_code(sort_code) == ""


def test_bank_name_of_uk_details_comes_from_the_sort_code() -> None:
    assert bank_name_of(read_uk_details("20-00-00", "12345678")) == "Barclays"


def test_bank_name_of_a_british_iban_reads_its_bank_code() -> None:
    assert bank_name_of(read_iban("GB29 NWBK 6016 1331 9268 19")) == "NatWest"


def test_bank_name_of_an_iban_abroad_is_a_bank_in_its_country() -> None:
    assert bank_name_of(read_iban("DE89 3704 0044 0532 0130 00")) == "a bank in Germany"
