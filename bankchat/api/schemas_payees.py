"""Request and response bodies of the payee routes (camelCase JSON); full bank details go in, never out."""

from __future__ import annotations

from pydantic import Field, model_validator

from bankchat.api.fields import Text
from bankchat.api.schemas import ApiModel, fields_of
from bankchat.bank import PayeeView


class PayeeOut(fields_of(PayeeView)):  # type: ignore[misc]  # a dynamic base
    """A saved payee with masked details only (``sortCode`` is "IBAN DE" for an account abroad)."""


class PayeeIn(ApiModel):
    """A new payee: a name, and a UK sort code with an account number, or an IBAN."""

    name: Text = Field(max_length=200, examples=["Tom Smith"])
    nickname: Text = Field(default="", max_length=100, examples=["tom"])
    bank_name: Text = Field(default="", max_length=100, examples=["Barclays"])
    sort_code: Text | None = Field(default=None, max_length=20, examples=["20-00-00"])
    account_number: Text | None = Field(default=None, max_length=20, examples=["12345678"])
    iban: Text | None = Field(default=None, max_length=50, examples=["GB82 WEST 1234 5698 7654 32"])
    approval_id: str | None = Field(
        default=None,
        max_length=40,
        description="The approval of exactly this payee (`POST /api/payees/approval`, then approved); ignored there",
    )


class PayeeChangeIn(ApiModel):
    """A new name and/or nickname (an empty nickname clears it)."""

    name: Text | None = Field(default=None, max_length=200, examples=["Bobby Brown"])
    nickname: Text | None = Field(default=None, max_length=100, examples=["bobby"])

    @model_validator(mode="after")
    def _something(self) -> PayeeChangeIn:
        if self.name is None and self.nickname is None:
            msg = "give a name, a nickname or both"
            raise ValueError(msg)
        return self
