"""Reading and checking a payee's bank details: sort codes, account numbers, the modulus check, IBANs."""

from __future__ import annotations

import pytest

from bankchat.bank.bank_details import (
    IBAN_LENGTHS,
    mod97,
    read_account_number,
    read_details,
    read_iban,
    read_sort_code,
    read_uk_details,
)
from bankchat.bank.modulus import WEIGHTS, WeightRow, parse_weight_table, passes_modulus_check
from bankchat.errors import InvalidBankDetails


def _iban(country: str, bban: str) -> str:
    """An IBAN with check digits computed the long way (one big integer), independently of ``mod97``."""
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


@pytest.mark.parametrize("said", ["20-00-00", "200000", "20 00 00", " 20-00-00 "])
def test_read_sort_code_accepts_the_usual_ways_of_writing_it(said: str) -> None:
    assert read_sort_code(said) == "200000"


@pytest.mark.parametrize("said", ["20-00-0", "2000000", "20/00/00", "ab-cd-ef", "", "20--00-00"])
def test_read_sort_code_refuses_anything_but_six_digits(said: str) -> None:
    with pytest.raises(InvalidBankDetails, match="six digits"):
        read_sort_code(said)


def test_read_account_number_pads_six_and_seven_digits_with_zeros() -> None:
    assert read_account_number("123456") == "00123456"
    assert read_account_number("1234567") == "01234567"
    assert read_account_number("1234 5678") == "12345678"


@pytest.mark.parametrize("said", ["123456789", "1234567890"])
def test_read_account_number_explains_nine_and_ten_digits(said: str) -> None:
    with pytest.raises(InvalidBankDetails, match=f"{len(said)}-digit account number.*8-digit"):
        read_account_number(said)


@pytest.mark.parametrize("said", ["12345", "12345678901", "1234567a"])
def test_read_account_number_refuses_other_lengths_and_letters(said: str) -> None:
    with pytest.raises(InvalidBankDetails):
        read_account_number(said)


# The spec's worked examples, one per method: the sums are worked out by hand in each comment.


def test_modulus_10_worked_example_passes_and_a_changed_digit_fails() -> None:
    # 6*7 + 6*1 + 3*3 + 7*7 + 4*1 + 9*3 + 5*7 + 8*1 = 180, a multiple of 10
    assert passes_modulus_check("089999", "66374958")
    assert not passes_modulus_check("089999", "66374959")  # 181


def test_modulus_11_worked_example_passes_and_a_changed_digit_fails() -> None:
    # 8*8 + 8*7 + 8*6 + 3*5 + 7*4 + 4*3 + 9*2 + 1*1 = 242 = 22 * 11
    assert passes_modulus_check("107999", "88837491")
    assert not passes_modulus_check("107999", "88837492")  # 243


def test_double_alternate_worked_example_sums_the_digits_of_each_product() -> None:
    # 2 0 2 9 5 9 6 3 7 4 8 4 7 2 by 2 1 2 1 ...: 4+0+4+9+(1+0)+9+(1+2)+3+(1+4)+4+(1+6)+4+(1+4)+2 = 60
    assert passes_modulus_check("202959", "63748472")
    assert not passes_modulus_check("202959", "63748473")  # 61


def test_modulus_check_with_numbers_computed_here() -> None:
    # 1*7 + 2*1 + 3*3 + 4*7 + 5*1 + 6*3 + 7*7 + d*1 = 118 + d: only d = 2 makes a multiple of 10
    assert [d for d in range(10) if passes_modulus_check("089999", f"1234567{d}")] == [2]
    # 1*8 + 0*7 + 0*6 + 0*5 + 0*4 + 0*3 + 0*2 + d*1 = 8 + d: only d = 3 makes 11
    assert [d for d in range(10) if passes_modulus_check("107999", f"1000000{d}")] == [3]


def test_sort_code_outside_the_table_cannot_be_checked_and_is_accepted() -> None:
    assert all(not (r.start <= "200000" <= r.end) for r in WEIGHTS)
    assert passes_modulus_check("200000", "12345678")


def test_two_rows_for_one_sort_code_must_both_pass_and_exception_rows_are_skipped() -> None:
    ten = WeightRow("111111", "111111", "MOD10", (0,) * 13 + (1,))
    eleven = WeightRow("111111", "111111", "MOD11", (0,) * 13 + (1,))
    assert passes_modulus_check("111111", "00000000", table=(ten, eleven))  # 0 passes both
    assert not passes_modulus_check("111111", "00000001", table=(ten,))
    exceptional = WeightRow("111111", "111111", "MOD10", (0,) * 13 + (1,), exception=5)
    assert passes_modulus_check("111111", "00000001", table=(exceptional,))


def test_parse_weight_table_reads_published_lines() -> None:
    text = "089999 089999 MOD10 0 0 0 0 0 0 7 1 3 7 1 3 7 1\n230000 239999 MOD11 0 0 0 0 0 0 8 7 6 5 4 3 2 1 5\n"
    rows = parse_weight_table(text + "a comment line\n")
    assert rows[0] == WEIGHTS[0]
    assert rows[1].exception == 5
    assert rows[1].start == "230000"


def test_read_uk_details_names_the_failing_sort_code() -> None:
    with pytest.raises(InvalidBankDetails, match="08-99-99"):
        read_uk_details("08-99-99", "66374959")
    details = read_uk_details("08 99 99", "66374958")
    assert (details.masked_account, details.masked_sort_code, details.key) == (
        "•••• 4958",
        "••-••-99",
        "uk:08999966374958",
    )


@pytest.mark.parametrize(
    "iban", ["GB82 WEST 1234 5698 7654 32", "gb82west12345698765432", "DE89 3704 0044 0532 0130 00", "NO9386011117947"]
)
def test_read_iban_accepts_valid_ibans_with_spaces_in_any_case(iban: str) -> None:
    assert read_iban(iban).iban == iban.replace(" ", "").upper()


def test_read_iban_of_a_british_account_is_that_sort_code_and_account() -> None:
    details = read_iban("GB82 WEST 1234 5698 7654 32")
    assert (details.sort_code, details.account_number) == ("123456", "98765432")
    assert details.key == read_uk_details("12-34-56", "98765432").key


def test_read_iban_refuses_wrong_check_digits_length_and_country() -> None:
    with pytest.raises(InvalidBankDetails, match="check digits"):
        read_iban("GB82 WEST 1234 5698 7654 33")
    with pytest.raises(InvalidBankDetails, match="22 characters; this one has 21"):
        read_iban("GB82 WEST 1234 5698 7654 3")
    with pytest.raises(InvalidBankDetails, match="not a country"):
        read_iban("ZZ82 WEST 1234 5698 7654 32")
    with pytest.raises(InvalidBankDetails, match="country code"):
        read_iban("1234")


def test_read_iban_runs_the_modulus_check_inside_a_british_iban() -> None:
    iban = _iban("GB", "WEST08999966374959")  # right check digits around an account failing modulus 10
    assert mod97(iban[4:] + iban[:4]) == 1
    with pytest.raises(InvalidBankDetails, match="08-99-99"):
        read_iban(iban)
    assert read_iban(_iban("GB", "WEST08999966374958")).account_number == "66374958"


def test_mod97_agrees_with_the_long_division_for_every_country_length() -> None:
    for country, length in IBAN_LENGTHS.items():
        iban = _iban(country, "1" * (length - 4))
        assert len(iban) == length
        assert read_iban(iban).iban == iban


def test_read_details_wants_one_kind_of_details() -> None:
    with pytest.raises(InvalidBankDetails, match="not both"):
        read_details(sort_code="200000", account_number="12345678", iban="GB82WEST12345698765432")
    with pytest.raises(InvalidBankDetails, match="sort code and an account number, or an IBAN"):
        read_details(sort_code="200000")
    assert read_details(sort_code="20-00-00", account_number="12345678").key == "uk:20000012345678"
