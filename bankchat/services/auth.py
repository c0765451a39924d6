"""Sign-in: credentials, opaque bearer tokens (stored hashed), sign-out."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session as Db
from sqlmodel import select

from bankchat import logs
from bankchat.errors import InvalidCredentials, InvalidToken
from bankchat.models import ApiToken, User, utcnow
from bankchat.services import passwords
from bankchat.services.views import UserView
from bankchat.settings import get_settings

log = logging.getLogger("bankchat.auth")

TOKEN_PREFIX = "bct_"  # noqa: S105 - a prefix that makes tokens recognisable, not a secret


@dataclass(frozen=True)
class LoginResult:
    """A fresh token (shown once, never stored in clear) and who it belongs to."""

    token: str
    expires_at: datetime
    user: UserView


def hash_token(token: str) -> str:
    """The stored form of a token: an HMAC keyed with the server secret."""
    key = get_settings().secret_key.encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def authenticate(*, db: Db, username: str, password: str) -> User:
    """The active user with these credentials; one generic error for anything wrong."""
    if not isinstance(username, str) or not isinstance(password, str):
        raise InvalidCredentials
    if len(password) > passwords.MAX_PASSWORD_CHARS or len(username) > 64:
        raise InvalidCredentials
    user = db.exec(select(User).where(User.username == username.strip().lower())).first()
    ok, new_hash = passwords.verify(password, user.password_hash if user else None)
    if user is None or not ok or not user.is_active:
        logs.event(log, "Login failed", level=logging.WARNING, username=username[:64])
        raise InvalidCredentials
    if new_hash:
        user.password_hash = new_hash
        db.add(user)
    return user


def issue_token(*, db: Db, user: User, kind: str = "api") -> LoginResult:
    """Create a new bearer token for ``user``."""
    assert user.id is not None
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = utcnow() + timedelta(minutes=get_settings().token_ttl_minutes)
    db.add(ApiToken(user_id=user.id, token_hash=hash_token(token), kind=kind, expires_at=expires_at))
    return LoginResult(token=token, expires_at=expires_at, user=UserView.of(user))


def login(*, db: Db, username: str, password: str, kind: str = "api") -> LoginResult:
    """Check the credentials and issue a token."""
    user = authenticate(db=db, username=username, password=password)
    result = issue_token(db=db, user=user, kind=kind)
    logs.event(log, "Login succeeded", user_id=user.id, kind=kind)
    return result


def _live_token(db: Db, token: str | None) -> ApiToken:
    if not token or not isinstance(token, str) or len(token) > 200:
        raise InvalidToken
    row = db.exec(select(ApiToken).where(ApiToken.token_hash == hash_token(token))).first()
    if row is None or row.revoked_at is not None or row.expires_at <= utcnow():
        raise InvalidToken
    return row


def user_for_token(*, db: Db, token: str | None) -> UserView:
    """The user a live token belongs to; ``InvalidToken`` otherwise."""
    row = _live_token(db, token)
    user = db.get(User, row.user_id)
    if user is None or not user.is_active:
        raise InvalidToken
    return UserView.of(user)


def revoke_token(*, db: Db, token: str | None) -> None:
    """Revoke a token (sign-out); an already dead token is left as it is."""
    try:
        row = _live_token(db, token)
    except InvalidToken:
        return
    row.revoked_at = utcnow()
    db.add(row)
    logs.event(log, "Logged out", user_id=row.user_id, kind=row.kind)
