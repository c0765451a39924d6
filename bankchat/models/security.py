"""Strong customer authentication: the second factors a customer approves with, and each approval.

A payment or a new payee that needs approval gets an ``Approval`` row whose ``digest`` is the
SHA-256 of exactly that operation (amount, currency, source, payee, a nonce): a passkey signs a
challenge that *is* the digest (PSD2's "dynamic linking"), and an authenticator app's code approves
that one row. The row is used once; what executes is checked against the digest first.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, Index
from sqlmodel import Field, SQLModel

from bankchat.models.types import UTCDateTime, utcnow


class Authenticator(SQLModel, table=True):
    """A customer's second factor: a passkey (WebAuthn credential) or an authenticator app (TOTP secret)."""

    __table_args__ = (
        CheckConstraint("kind IN ('passkey', 'totp')", name="ck_authenticator_kind"),
        Index("uq_authenticator_credential", "credential_id", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id", index=True, nullable=False)
    kind: str = Field(max_length=16)
    """``passkey`` or ``totp``."""
    name: str = Field(default="", max_length=64)
    """What the customer calls it ("Passkey 1", "Authenticator app")."""
    credential_id: str | None = Field(default=None, max_length=512)
    """A passkey's credential ID, base64url (unique); None for an authenticator app."""
    public_key: str = Field(default="", max_length=2048)
    """A passkey's COSE public key, base64url."""
    sign_count: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    """A passkey's signature counter as last seen (a counter that goes back means a cloned key)."""
    secret: str = Field(default="", max_length=64)
    """An authenticator app's base32 secret (shown once, as a QR code, at enrolment)."""
    last_step: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    """An authenticator app's last accepted time step: a code is accepted once, never replayed."""
    confirmed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    """When it was proven to work (a first code matched; a passkey at registration); None: not usable yet."""
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


def new_approval_id() -> str:
    """An approval's public ID, ``apv_`` and 128 random bits: unguessable, says nothing about volume."""
    return f"apv_{secrets.token_urlsafe(16)}"


class Approval(SQLModel, table=True):
    """One operation waiting for (or given) the customer's strong authentication, bound to it by ``digest``."""

    __table_args__ = (
        Index("uq_approval_public_id", "public_id", unique=True),
        CheckConstraint("status IN ('pending', 'approved', 'used', 'locked', 'cancelled')", name="ck_approval_status"),
        CheckConstraint("attempts >= 0", name="ck_approval_attempts"),
    )

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(default_factory=new_approval_id, max_length=40)
    owner_id: int = Field(foreign_key="user.id", index=True, nullable=False)
    kind: str = Field(max_length=32)
    """What it approves: ``payment``, ``add_payee``, ``register_passkey``."""
    operation: str = Field(max_length=2000)
    """The operation as canonical JSON (sorted keys, the nonce included): what the digest is of."""
    digest: str = Field(max_length=64)
    """SHA-256 of ``operation``, hex: the WebAuthn challenge, and what the executed operation must match."""
    summary: str = Field(default="", max_length=200)
    """The operation in words, shown where the customer approves it ("£1,200.00 to Tom Smith")."""
    status: str = Field(default="pending", max_length=16)
    """``pending``; ``approved`` (verified, not yet executed); ``used`` (executed, never again); ``locked`` (too
    many wrong codes); ``cancelled``."""
    method: str = Field(default="", max_length=16)
    """How it was approved: ``passkey`` or ``totp``."""
    attempts: int = Field(default=0)
    """Wrong codes or failed signatures so far."""
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    decided_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
