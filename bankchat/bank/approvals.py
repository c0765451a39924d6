"""Strong customer authentication bound to one operation (PSD2's "dynamic linking").

An operation that needs approval (a large payment, a payment to a payee added in the last 24
hours) is written down as canonical JSON with a fresh nonce; its SHA-256 is the approval's
``digest``. A passkey signs a WebAuthn challenge that *is* that digest, so its signature covers
the amount, the currency, the source and the payee; an authenticator app's code approves that one
row. Either way the approval:

- expires after ``APPROVAL_MINUTES``;
- is used once: ``consume`` turns ``approved`` into ``used`` in one conditional UPDATE, and only
  for an operation whose digest (recomputed with the stored nonce) is the approved one, so an
  approval cannot be replayed, nor reused for another amount or payee;
- is locked after ``MAX_ATTEMPTS`` wrong codes or failed signatures.

The authenticators themselves (enrolment, the TOTP arithmetic) are in ``bank/authenticators.py``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session as Db
from sqlmodel import col, select, update
from webauthn import generate_authentication_options, options_to_json, verify_authentication_response
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import PublicKeyCredentialDescriptor, UserVerificationRequirement

from bankchat.bank import audit_trail, authenticators
from bankchat.bank.money import format_cents
from bankchat.models import Approval, Payee, utcnow
from bankchat.settings import get_settings

APPROVAL_MINUTES = 5
"""How long an approval may be given after it is asked for."""
MAX_ATTEMPTS = 5
"""Wrong codes or failed signatures before an approval is locked (the operation must be asked for again)."""
NEW_PAYEE_HOURS = 24
"""A payee added this recently needs approval for any payment to it (a fraudster's first move is to add one)."""


@dataclass(frozen=True)
class Operation:
    """What is to be approved, field by field; ``summary`` says it in words."""

    kind: str
    fields: tuple[tuple[str, str | int], ...]
    summary: str

    def canonical(self, nonce: str) -> str:
        """The JSON the digest is of: sorted keys, no spaces, the nonce included."""
        body: dict[str, Any] = {"kind": self.kind, **dict(self.fields), "nonce": nonce}
        return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def payment(
    *, amount_cents: int, currency: str, source_account_id: int, to: str, payee_id: int | None, account_id: int | None
) -> Operation:
    """A payment as the approval binds it: amount, currency, source, and the payee or account it goes to."""
    fields: tuple[tuple[str, str | int], ...] = (
        ("amount_cents", amount_cents),
        ("currency", currency),
        ("source_account_id", source_account_id),
        ("payee_id", payee_id or 0),
        ("account_id", account_id or 0),
        ("to", to),
    )
    return Operation("payment", fields, f"{format_cents(amount_cents, currency)} to {to}")


def new_payee(*, name: str, fingerprint: str, masked: str) -> Operation:
    """Saving a payee as the approval binds it: the name, and the full bank details by their fingerprint (the
    HMAC ``payee_changes.details_hash`` keeps); ``masked`` only says them in the summary."""
    return Operation("add_payee", (("name", name), ("details", fingerprint)), f"adding {name} ({masked}) as a payee")


@dataclass(frozen=True)
class ApprovalView:
    """An approval as the customer (and the chat) sees it."""

    public_id: str
    kind: str
    summary: str
    status: str
    expires_at: datetime
    methods: tuple[str, ...]
    """``passkey`` and/or ``totp``: what the customer can approve with."""


@dataclass(frozen=True)
class Verdict:
    """The outcome of one attempt to approve."""

    ok: bool
    reason: str
    """``approved``; ``wrong_code``, ``bad_signature``, ``expired``, ``locked``, ``used``, ``not_found``."""
    tries_left: int = 0


def payment_needs_approval(*, db: Db, owner_id: int, amount_cents: int, payee_id: int | None) -> bool:
    """Whether a payment needs strong authentication: to a payee above the threshold, or to a payee added in the
    last ``NEW_PAYEE_HOURS``. Moving money between one's own accounts never does (as PSD2 exempts it)."""
    if payee_id is None:
        return False
    if amount_cents > get_settings().approval_threshold_cents:
        return True
    payee = db.get(Payee, payee_id)
    return payee is not None and payee.created_at > utcnow() - timedelta(hours=NEW_PAYEE_HOURS)


def open_approval(db: Db, *, owner_id: int, operation: Operation) -> ApprovalView:
    """A new pending approval for ``operation`` (flushed; the caller commits)."""
    nonce = secrets.token_urlsafe(16)
    canonical = operation.canonical(nonce)
    row = Approval(
        owner_id=owner_id,
        kind=operation.kind,
        operation=canonical,
        digest=hashlib.sha256(canonical.encode()).hexdigest(),
        summary=operation.summary[:200],
        expires_at=utcnow() + timedelta(minutes=APPROVAL_MINUTES),
    )
    db.add(row)
    db.flush()
    return _view(db, row)


def get_approval(db: Db, *, owner_id: int, public_id: str) -> ApprovalView | None:
    """The caller's approval ``public_id``; None for a missing one or anyone else's."""
    row = _row(db, owner_id, public_id)
    return _view(db, row) if row is not None else None


def pending_approvals(db: Db, *, owner_id: int) -> list[ApprovalView]:
    """The caller's approvals still waiting to be given, newest first (what a REST client approves)."""
    query = (
        select(Approval)
        .where(Approval.owner_id == owner_id, Approval.status == "pending", col(Approval.expires_at) > utcnow())
        .order_by(col(Approval.id).desc())
    )
    return [_view(db, row) for row in db.exec(query).all()]


def verify_code(db: Db, *, owner_id: int, public_id: str, code: str) -> Verdict:
    """An authenticator app's code for approval ``public_id``: approved once, wrong codes counted, then locked."""
    row = _row(db, owner_id, public_id, lock=True)
    refused = _refusal(row)
    if refused is not None or row is None:
        return refused or Verdict(False, "not_found")
    if not authenticators.accept_code(db, owner_id=owner_id, code=code):
        return _failed(db, row, "wrong_code")
    return _approved(db, row, "totp")


def passkey_options(db: Db, *, owner_id: int, public_id: str, rp_id: str) -> str | None:
    """The WebAuthn request options (JSON) whose challenge is approval ``public_id``'s digest; None if it can't
    be approved (missing, decided, expired) or the customer has no passkey."""
    row = _row(db, owner_id, public_id)
    keys = authenticators.passkeys(db, owner_id=owner_id)
    if row is None or _refusal(row) is not None or not keys:
        return None
    options = generate_authentication_options(
        rp_id=rp_id,
        challenge=bytes.fromhex(row.digest),
        allow_credentials=[PublicKeyCredentialDescriptor(id=unb64(k.credential_id or "")) for k in keys],
        user_verification=UserVerificationRequirement.REQUIRED,
        timeout=APPROVAL_MINUTES * 60_000,
    )
    return options_to_json(options)


def verify_passkey(
    db: Db, *, owner_id: int, public_id: str, credential: dict[str, Any], rp_id: str, origins: list[str]
) -> Verdict:
    """A passkey's signature over approval ``public_id``'s digest, by one of the customer's own passkeys.

    A signature by another key, over another challenge (a replay of an earlier approval) or with anything
    changed (a tampered operation) fails verification and counts as a failed attempt.
    """
    row = _row(db, owner_id, public_id, lock=True)
    refused = _refusal(row)
    if refused is not None or row is None:
        return refused or Verdict(False, "not_found")
    key = authenticators.passkey_by_credential(db, owner_id=owner_id, credential_id=str(credential.get("id", "")))
    if key is None:
        return _failed(db, row, "bad_signature")
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=bytes.fromhex(row.digest),
            expected_rp_id=rp_id,
            expected_origin=origins,
            credential_public_key=unb64(key.public_key),
            credential_current_sign_count=key.sign_count,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError):
        return _failed(db, row, "bad_signature")
    key.sign_count = verified.new_sign_count
    db.add(key)
    return _approved(db, row, "passkey")


def consume(db: Db, *, owner_id: int, public_id: str, operation: Operation) -> bool:
    """Use approval ``public_id`` for ``operation``, once: True only if it was approved, has not expired, and
    ``operation`` is exactly the approved one (its digest with the stored nonce). Flushed; the caller commits."""
    row = _row(db, owner_id, public_id)
    if row is None or row.status != "approved" or _expired(row):
        return False
    nonce = json.loads(row.operation).get("nonce", "")
    if not secrets.compare_digest(hashlib.sha256(operation.canonical(nonce).encode()).hexdigest(), row.digest):
        return False
    done = db.execute(
        update(Approval)
        .where(col(Approval.id) == row.id, col(Approval.status) == "approved")
        .values(status="used", decided_at=utcnow())
    )
    return bool(getattr(done, "rowcount", 0) == 1)


def cancel(db: Db, *, owner_id: int, public_id: str) -> None:
    """The customer said no: a pending approval can no longer be given."""
    db.execute(
        update(Approval)
        .where(
            col(Approval.public_id) == public_id,
            col(Approval.owner_id) == owner_id,
            col(Approval.status).in_(("pending", "approved")),
        )
        .values(status="cancelled", decided_at=utcnow())
    )


def challenge(db: Db, *, owner_id: int, public_id: str, kind: str) -> bytes | None:
    """The WebAuthn challenge of the caller's pending, unexpired approval ``public_id`` of ``kind`` (its digest);
    None for any other (missing, someone else's, decided, expired, another kind)."""
    row = _row(db, owner_id, public_id)
    if row is None or row.kind != kind or _refusal(row) is not None:
        return None
    return bytes.fromhex(row.digest)


def use(db: Db, *, owner_id: int, public_id: str, method: str) -> bool:
    """Mark the caller's pending approval ``public_id`` used at once (a passkey registration needs no second
    step); False if it was not pending any more (a second, racing use)."""
    done = db.execute(
        update(Approval)
        .where(
            col(Approval.public_id) == public_id,
            col(Approval.owner_id) == owner_id,
            col(Approval.status) == "pending",
        )
        .values(status="used", method=method, decided_at=utcnow())
    )
    return bool(getattr(done, "rowcount", 0) == 1)


def _row(db: Db, owner_id: int, public_id: str, *, lock: bool = False) -> Approval | None:
    query = select(Approval).where(Approval.public_id == public_id, Approval.owner_id == owner_id)
    return db.exec(query.with_for_update() if lock else query).first()


def _expired(row: Approval) -> bool:
    return row.expires_at <= utcnow()


def _refusal(row: Approval | None) -> Verdict | None:
    """Why ``row`` can't be approved now (None: it can)."""
    if row is None:
        return Verdict(False, "not_found")
    if row.status == "locked":
        return Verdict(False, "locked")
    if row.status != "pending":
        return Verdict(False, "used")
    if _expired(row):
        return Verdict(False, "expired")
    return None


def _failed(db: Db, row: Approval, reason: str) -> Verdict:
    row.attempts += 1
    if row.attempts >= MAX_ATTEMPTS:
        row.status, row.decided_at = "locked", utcnow()
    db.add(row)
    audit_trail.record(db, actor_id=row.owner_id, action="approval_refused", detail=f"{row.public_id} {reason}")
    return Verdict(False, "locked" if row.status == "locked" else reason, MAX_ATTEMPTS - row.attempts)


def _approved(db: Db, row: Approval, method: str) -> Verdict:
    row.status, row.method, row.decided_at = "approved", method, utcnow()
    db.add(row)
    audit_trail.record(db, actor_id=row.owner_id, action="approve", detail=f"{row.public_id} {method}: {row.summary}")
    return Verdict(True, "approved", MAX_ATTEMPTS - row.attempts)


def _view(db: Db, row: Approval) -> ApprovalView:
    return ApprovalView(
        public_id=row.public_id,
        kind=row.kind,
        summary=row.summary,
        status="expired" if row.status == "pending" and _expired(row) else row.status,
        expires_at=row.expires_at,
        methods=authenticators.methods(db, owner_id=row.owner_id),
    )


def unb64(text: str) -> bytes:
    """base64url without padding (WebAuthn's encoding) to bytes."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
