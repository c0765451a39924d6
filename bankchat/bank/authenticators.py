"""A customer's second factors: passkeys (WebAuthn) and an authenticator app (TOTP, RFC 6238).

An authenticator app is enrolled in two steps: ``start_totp`` makes a secret (shown once, as a QR
code), ``confirm_totp`` keeps it once a first code from the app matches, so a mistyped QR never
locks anyone out. A code is accepted once: the time step it belongs to is remembered and a code
of that step or an earlier one is refused (``accept_code``), so a code seen over a shoulder or in
a log cannot be replayed. Passkeys are registered in ``bank/passkey_registration.py``.
"""

from __future__ import annotations

import hmac
import time
from dataclasses import dataclass
from datetime import datetime

import pyotp
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.bank import audit_trail
from bankchat.errors import AlreadyEnrolled, AuthenticatorNotFound
from bankchat.models import Authenticator, utcnow

ISSUER = "BankChat"
"""The name an authenticator app shows next to the code."""
STEP_SECONDS = 30
"""RFC 6238's time step."""
DRIFT_STEPS = 1
"""A code of the step before or after now is accepted too (a phone's clock a little off, a code typed late)."""


@dataclass(frozen=True)
class AuthenticatorView:
    """A second factor as its owner sees it: never the secret or the key."""

    id: int
    kind: str
    name: str
    created_at: datetime


@dataclass(frozen=True)
class TotpEnrolment:
    """A new authenticator-app secret, shown to the customer once."""

    secret: str
    """Base32, for typing into an app by hand."""
    uri: str
    """``otpauth://totp/...``: what the QR code holds."""


def methods(db: Db, *, owner_id: int) -> tuple[str, ...]:
    """What the customer can approve with: ``passkey`` and/or ``totp`` (confirmed ones only), in that order."""
    kinds = {a.kind for a in _confirmed(db, owner_id)}
    return tuple(k for k in ("passkey", "totp") if k in kinds)


def list_authenticators(db: Db, *, owner_id: int) -> list[AuthenticatorView]:
    """The customer's confirmed second factors, oldest first."""
    return [AuthenticatorView(a.id or 0, a.kind, a.name, a.created_at) for a in _confirmed(db, owner_id)]


def passkeys(db: Db, *, owner_id: int) -> list[Authenticator]:
    """The customer's registered passkeys."""
    return [a for a in _confirmed(db, owner_id) if a.kind == "passkey"]


def passkey_by_credential(db: Db, *, owner_id: int, credential_id: str) -> Authenticator | None:
    """The customer's passkey with ``credential_id`` (base64url); None for anyone else's or an unknown one."""
    return next((a for a in passkeys(db, owner_id=owner_id) if a.credential_id == credential_id), None)


def start_totp(db: Db, *, owner_id: int, account_name: str) -> TotpEnrolment:
    """A new secret for an authenticator app, kept unconfirmed until ``confirm_totp``; ``AlreadyEnrolled`` if an
    app is already set up (remove it first)."""
    rows = _totp_rows(db, owner_id)
    if any(r.confirmed_at is not None for r in rows):
        raise AlreadyEnrolled
    for row in rows:  # an enrolment started before and never finished
        db.delete(row)
    secret = pyotp.random_base32()
    db.add(Authenticator(owner_id=owner_id, kind="totp", name="Authenticator app", secret=secret))
    db.flush()
    uri = pyotp.TOTP(secret).provisioning_uri(name=account_name, issuer_name=ISSUER)
    return TotpEnrolment(secret=secret, uri=uri)


def confirm_totp(db: Db, *, owner_id: int, code: str) -> bool:
    """Keep the app being enrolled if ``code`` is its current code (and remember the step: it is used)."""
    row = next((r for r in _totp_rows(db, owner_id) if r.confirmed_at is None), None)
    if row is None or not _matches(row, code):
        return False
    row.confirmed_at = utcnow()
    db.add(row)
    audit_trail.record(db, actor_id=owner_id, action="enrol_totp")
    return True


def accept_code(db: Db, *, owner_id: int, code: str) -> bool:
    """Whether ``code`` is a fresh code of the customer's authenticator app (then its step is used up)."""
    row = next((r for r in _totp_rows(db, owner_id) if r.confirmed_at is not None), None)
    return row is not None and _matches(row, code)


def remove(db: Db, *, owner_id: int, authenticator_id: int) -> None:
    """Remove one of the customer's second factors; ``AuthenticatorNotFound`` for anyone else's."""
    row = db.get(Authenticator, authenticator_id)
    if row is None or row.owner_id != owner_id:
        raise AuthenticatorNotFound
    db.delete(row)
    audit_trail.record(db, actor_id=owner_id, action="remove_authenticator", detail=f"{row.kind} {row.name}")


def current_code(secret: str, at: float | None = None) -> str:
    """The code an app shows for ``secret`` at ``at`` (now by default): for tests and the demo script."""
    return pyotp.TOTP(secret).at(int(at if at is not None else time.time()))


def _matches(row: Authenticator, code: str) -> bool:
    """``code`` is the code of a step near now that is later than the last one used; that step is then used."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return False
    now = int(time.time()) // STEP_SECONDS
    totp = pyotp.TOTP(row.secret)
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if step > row.last_step and hmac.compare_digest(totp.generate_otp(step), code):
            row.last_step = step
            return True
    return False


def _totp_rows(db: Db, owner_id: int) -> list[Authenticator]:
    query = select(Authenticator).where(Authenticator.owner_id == owner_id, Authenticator.kind == "totp")
    return list(db.exec(query.with_for_update()).all())


def _confirmed(db: Db, owner_id: int) -> list[Authenticator]:
    query = (
        select(Authenticator)
        .where(Authenticator.owner_id == owner_id, col(Authenticator.confirmed_at).is_not(None))
        .order_by(col(Authenticator.id))
    )
    return list(db.exec(query).all())
