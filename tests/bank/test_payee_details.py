"""What is kept of a payee's details: masked forms and a fingerprint, sealed for a waiting step with a signature."""

from __future__ import annotations

from dataclasses import replace

from bankchat.bank.bank_details import read_iban, read_uk_details
from bankchat.bank.payee_details import details_hash, kept, seal, unseal

TOM = read_uk_details("20-00-00", "12345678")


def test_kept_details_hold_no_full_number() -> None:
    said = kept(TOM)

    assert (said.masked_account, said.masked_sort_code, said.bank_name) == ("•••• 5678", "••-••-00", "Barclays")
    assert said.fingerprint == details_hash(TOM)
    assert said.has_sort_code
    assert "12345678" not in seal(said)
    assert "12345678" not in repr(said)


def test_kept_iban_details_are_masked_too() -> None:
    said = kept(read_iban("DE89 3704 0044 0532 0130 00"))

    assert (said.masked_iban, said.masked_sort_code) == ("DE89 •••• 3000", "IBAN DE")
    assert said.bank_name == "a bank in Germany"
    assert not said.has_sort_code
    assert "370400440532013000" not in seal(said)


def test_unseal_gives_back_what_seal_made() -> None:
    assert unseal(seal(kept(TOM))) == kept(TOM)


def test_unseal_refuses_typed_details_and_a_forged_seal() -> None:
    sealed = seal(kept(TOM))
    forged = seal(replace(kept(TOM), fingerprint="0" * 64))
    body, _, signature = sealed.rpartition(".")
    other_body = forged.rpartition(".")[0]

    assert unseal("20-00-00 12345678") is None
    assert unseal(f"{other_body}.{signature}") is None
    assert unseal(f"{body}.{'0' * len(signature)}") is None
    assert unseal("kept:not-base64!.abc") is None
