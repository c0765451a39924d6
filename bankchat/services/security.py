"""Strong customer authentication for the web page: the calls its security settings and its passkey button make.

The REST routes call ``bank/approvals.py`` and ``bank/authenticators.py`` directly; the page goes
through here so that a state holds no rule: which approval a conversation waits for, and what the
settings page shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import segno
from sqlmodel import Session as Db

from bankchat import origins
from bankchat.agents.types import PendingStep
from bankchat.bank import approvals, authenticators, passkey_registration
from bankchat.bank.authenticators import AuthenticatorView
from bankchat.errors import ApprovalRefused
from bankchat.models import ConversationState
from bankchat.services import chat_service
from bankchat.services.views import UserView


@dataclass(frozen=True)
class TotpSetup:
    """What the settings page shows while an authenticator app is being added."""

    secret: str
    qr_svg: str
    """The ``otpauth://`` URI as an SVG QR code (a data URI)."""


def waiting_approval(db: Db, *, user: UserView, session_id: str) -> str | None:
    """The approval the conversation's waiting step waits for (``SessionNotFound`` for anyone else's)."""
    chat_service().get_conversation(db=db, session_id=session_id, user_id=user.id)
    row = db.get(ConversationState, session_id)
    pending = PendingStep.from_json(row.pending) if row is not None else None
    return pending.approval if pending is not None and pending.stage == "approve" and pending.approval else None


def approval_request(db: Db, *, user: UserView, session_id: str, origin: str) -> tuple[str, dict[str, Any]] | None:
    """``(approval ID, WebAuthn request options)`` for the conversation's waiting approval, for a page of
    ``origin``; None if nothing waits for a passkey there."""
    public_id, party = waiting_approval(db, user=user, session_id=session_id), origins.relying_party(origin)
    if public_id is None or party is None:
        return None
    options = approvals.passkey_options(db, owner_id=user.id, public_id=public_id, rp_id=party[0])
    return (public_id, json.loads(options)) if options is not None else None


def approve_with_passkey(
    db: Db, *, user: UserView, public_id: str, credential: dict[str, Any], origin: str
) -> approvals.Verdict:
    """The browser's signature over approval ``public_id``, verified (a failed one is counted)."""
    party = origins.relying_party(origin)
    if party is None:
        return approvals.Verdict(False, "bad_signature")
    return approvals.verify_passkey(
        db, owner_id=user.id, public_id=public_id, credential=credential, rp_id=party[0], origins=party[1]
    )


def list_authenticators(db: Db, *, user: UserView) -> list[AuthenticatorView]:
    return authenticators.list_authenticators(db, owner_id=user.id)


def start_totp(db: Db, *, user: UserView) -> TotpSetup:
    """A new authenticator-app secret and its QR code (``AlreadyEnrolled`` if one is set up)."""
    started = authenticators.start_totp(db, owner_id=user.id, account_name=user.username)
    qr = segno.make(started.uri, error="m").svg_data_uri(scale=5, border=2, dark="#111827", light="#ffffff")
    return TotpSetup(secret=started.secret, qr_svg=qr)


def confirm_totp(db: Db, *, user: UserView, code: str) -> bool:
    return authenticators.confirm_totp(db, owner_id=user.id, code=code)


def remove_authenticator(db: Db, *, user: UserView, authenticator_id: int) -> None:
    authenticators.remove(db, owner_id=user.id, authenticator_id=authenticator_id)


def passkey_registration_options(db: Db, *, user: UserView, origin: str) -> tuple[str, dict[str, Any]] | None:
    """``(registration ID, WebAuthn creation options)`` for a page of ``origin``; None without a host name."""
    party = origins.relying_party(origin)
    if party is None:
        return None
    public_id, options = passkey_registration.registration_options(
        db, owner_id=user.id, user_name=user.username, display_name=user.display_name, rp_id=party[0]
    )
    return public_id, json.loads(options)


def register_passkey(
    db: Db, *, user: UserView, public_id: str, credential: dict[str, Any], origin: str
) -> AuthenticatorView:
    """Keep the passkey the browser made (``ApprovalRefused`` if it does not verify)."""
    party = origins.relying_party(origin)
    if party is None:
        raise ApprovalRefused("bad_signature", "This page's address can't hold a passkey")
    return passkey_registration.register(
        db, owner_id=user.id, public_id=public_id, credential=credential, rp_id=party[0], origins=party[1]
    )
