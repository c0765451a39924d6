"""Registering a passkey (WebAuthn): options with a one-time challenge, then the browser's answer verified.

The challenge is an approval row of kind ``register_passkey`` (``bank/approvals.py``): random,
owner-bound, expiring, used once, so a registration response cannot be replayed either. The
credential's public key and ID are kept; the private key never leaves the customer's device.
"""

from __future__ import annotations

import base64
from typing import Any

from sqlmodel import Session as Db
from webauthn import generate_registration_options, options_to_json, verify_registration_response
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from bankchat.bank import approvals, audit_trail, authenticators
from bankchat.bank.authenticators import AuthenticatorView
from bankchat.errors import ApprovalRefused
from bankchat.models import Authenticator, utcnow

KIND = "register_passkey"
RP_NAME = "BankChat"
"""The name a browser shows when it asks to save the passkey."""


def registration_options(db: Db, *, owner_id: int, user_name: str, display_name: str, rp_id: str) -> tuple[str, str]:
    """``(approval ID, options JSON)`` for ``navigator.credentials.create``; the customer's own passkeys are
    excluded, so one device is not registered twice."""
    operation = approvals.Operation(KIND, (("owner_id", owner_id),), "a new passkey")
    opened = approvals.open_approval(db, owner_id=owner_id, operation=operation)
    challenge = approvals.challenge(db, owner_id=owner_id, public_id=opened.public_id, kind=KIND)
    assert challenge is not None
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=RP_NAME,
        user_name=user_name,
        user_id=f"bankchat-user-{owner_id}".encode(),
        user_display_name=display_name,
        challenge=challenge,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=approvals.unb64(k.credential_id or ""))
            for k in authenticators.passkeys(db, owner_id=owner_id)
        ],
        timeout=approvals.APPROVAL_MINUTES * 60_000,
    )
    return opened.public_id, options_to_json(options)


def register(
    db: Db, *, owner_id: int, public_id: str, credential: dict[str, Any], rp_id: str, origins: list[str]
) -> AuthenticatorView:
    """Verify the browser's answer to registration ``public_id`` and keep the passkey.

    Raises:
        ApprovalRefused: ``expired`` (or unknown, used, someone else's) or ``bad_signature`` (a response to
            another challenge, from another site, or malformed); nothing is kept.
    """
    challenge = approvals.challenge(db, owner_id=owner_id, public_id=public_id, kind=KIND)
    if challenge is None:
        raise ApprovalRefused("expired", "That passkey registration has expired or was already used; start again")
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origins,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as exc:
        raise ApprovalRefused("bad_signature", "The passkey could not be verified; nothing was saved") from exc
    if not approvals.use(db, owner_id=owner_id, public_id=public_id, method="passkey"):
        raise ApprovalRefused("used", "That passkey registration was already used")
    count = len(authenticators.passkeys(db, owner_id=owner_id))
    row = Authenticator(
        owner_id=owner_id,
        kind="passkey",
        name=f"Passkey {count + 1}",
        credential_id=_b64(verified.credential_id),
        public_key=_b64(verified.credential_public_key),
        sign_count=verified.sign_count,
        confirmed_at=utcnow(),
    )
    db.add(row)
    db.flush()
    audit_trail.record(db, actor_id=owner_id, action="register_passkey", detail=row.name)
    return AuthenticatorView(row.id or 0, row.kind, row.name, row.created_at)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
