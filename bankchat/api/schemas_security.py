"""Request and response bodies of strong customer authentication: authenticators and approvals."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from bankchat.api.schemas import ApiModel, fields_of
from bankchat.bank.approvals import ApprovalView
from bankchat.bank.authenticators import AuthenticatorView


class AuthenticatorOut(fields_of(AuthenticatorView)):  # type: ignore[misc]  # a dynamic base
    """A passkey or an authenticator app: never its secret or key."""


class TotpStartOut(ApiModel):
    """A new authenticator-app secret: add it to the app (scan ``uri`` as a QR code), then confirm a code."""

    secret: str = Field(description="Base32, to type into the app by hand")
    uri: str = Field(description="`otpauth://totp/...`, what the QR code holds")


class CodeIn(ApiModel):
    """A six-digit code from the authenticator app."""

    code: str = Field(min_length=6, max_length=9, pattern=r"^\d{3}[ -]?\d{3}$", examples=["123456"])


class PasskeyOptionsOut(ApiModel):
    """What ``navigator.credentials.create`` or ``.get`` takes (``options``), and the ID to answer with."""

    id: str = Field(description="The registration's or approval's ID")
    options: dict[str, Any] = Field(description="PublicKeyCredentialCreationOptions / RequestOptions, JSON-encoded")


class PasskeyIn(ApiModel):
    """The browser's answer (``PublicKeyCredential.toJSON()``)."""

    credential: dict[str, Any]


class PasskeyRegistrationIn(PasskeyIn):
    """The answer to a registration's options."""

    id: str = Field(max_length=40, description="The registration ID from the options")


class ApprovalOut(fields_of(ApprovalView)):  # type: ignore[misc]  # a dynamic base
    """An approval: what it is for, its status (``pending``, ``approved``, ``used``, ``expired``, ``locked``,
    ``cancelled``) and how the customer can give it."""
