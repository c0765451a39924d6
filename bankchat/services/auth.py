"""Sign-in: credentials, brute-force throttling, opaque bearer tokens (stored hashed), sign-out.

A token works until its absolute expiry (``token_ttl_minutes``), or until it has
been unused for ``token_idle_minutes``, or until it is revoked: by logout, by a
password change or by disabling the account (both revoke every token of the
user). Its owner must still be active at every use.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, Table, bindparam, update
from sqlalchemy import select as select_rows
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat import logs
from bankchat.db import run
from bankchat.errors import InvalidCredentials, InvalidInput, InvalidToken, NotFound, TooManyAttempts
from bankchat.models import ApiToken, User, table_of, utcnow
from bankchat.models.types import TOUCH_EVERY
from bankchat.services import metrics, passwords, throttle
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
    """The active user with these credentials; one generic error for anything wrong.

    No throttling here: use ``login`` (or ``change_password``), which admit the attempt first.
    """
    if not isinstance(username, str) or not isinstance(password, str):
        raise InvalidCredentials
    if len(password) > passwords.MAX_PASSWORD_CHARS or len(username) > 64:
        raise InvalidCredentials
    user = db.exec(select(User).where(User.username == username.strip().lower())).first()
    ok, new_hash = passwords.verify(password, user.password_hash if user else None)
    if user is None or not ok or not user.is_active:
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


def _admit(db: Db, *, name: str, where: str, action: str, **fields: object) -> int:
    try:
        return throttle.admit(db, username=name, address=where)
    except TooManyAttempts as exc:
        logs.event(
            log,
            f"{action} throttled",
            level=logging.WARNING,
            username=name,
            address=where,
            retry_after=exc.retry_after,
            **fields,
        )
        raise


def login(*, db: Db, username: str, password: str, kind: str = "api", address: str | None = None) -> LoginResult:
    """Check the credentials and issue a token; ``TooManyAttempts`` while throttled.

    ``address`` is the client's address (the API passes it; without one only the
    per-username limit applies). A throttled attempt is refused before the password
    is checked, so it reveals nothing about it. The attempt is recorded in its own
    transaction (see ``throttle.admit``): on SQLite, call this before writing in ``db``.
    """
    name, where = throttle.username_key(username), throttle.address_key(address)
    attempt = _admit(db, name=name, where=where, action="Login", kind=kind)
    try:
        user = authenticate(db=db, username=username, password=password)
    except InvalidCredentials:
        logs.event(log, "Login failed", level=logging.WARNING, username=name, address=where, kind=kind)
        metrics.count_failed_login()
        raise
    throttle.succeeded(db, attempt_id=attempt)
    result = issue_token(db=db, user=user, kind=kind)
    logs.event(log, "Login succeeded", user_id=user.id, username=name, address=where, kind=kind)
    return result


_TOKENS: Table = table_of(ApiToken)
_USERS: Table = table_of(User)
TOKEN_AND_OWNER_COLUMNS = (
    _TOKENS.c.id,
    _TOKENS.c.user_id,
    _TOKENS.c.kind,
    _TOKENS.c.created_at,
    _TOKENS.c.expires_at,
    _TOKENS.c.last_used_at,
    _TOKENS.c.revoked_at,
    _USERS.c.username,
    _USERS.c.display_name,
    _USERS.c.role,
    _USERS.c.is_active,
)
"""What the sign-in check reads of a token and its owner (a chat turn reads them with its conversation)."""
TOKEN_AND_OWNER = _TOKENS.outerjoin(_USERS, _USERS.c.id == _TOKENS.c.user_id)
"""The token and its owner, for a statement that selects ``TOKEN_AND_OWNER_COLUMNS`` by ``token_hash``."""
_TOKEN_AND_OWNER = (
    select_rows(*TOKEN_AND_OWNER_COLUMNS)
    .select_from(TOKEN_AND_OWNER)
    .where(_TOKENS.c.token_hash == bindparam("token_hash"))
)
"""A token and its owner as plain columns, built once: every message over the websocket checks one."""
_MARK_USED = update(_TOKENS).where(_TOKENS.c.id == bindparam("token_id")).values(last_used_at=bindparam("now"))
_REVOKE = update(ApiToken).where(col(ApiToken.id) == bindparam("token_id")).values(revoked_at=bindparam("now"))


TokenRead = Callable[[str], "Row[Any] | None"]
"""Reads the row of ``TOKEN_AND_OWNER_COLUMNS`` (and perhaps more) of the token with the given hash."""


def _check_token(db: Db, token: str | None, read: TokenRead | None = None) -> tuple[Row[Any] | None, str]:
    """The token's row (with its owner's columns) and the reason it is refused (``""`` when live); one statement."""
    if not token or not isinstance(token, str) or len(token) > 200:
        return None, "malformed"
    token_hash = hash_token(token)
    row = read(token_hash) if read is not None else run(db, _TOKEN_AND_OWNER, {"token_hash": token_hash}).first()
    if row is None:
        return None, "unknown"
    now = utcnow()
    if row.revoked_at is not None:
        return row, "revoked"
    if row.expires_at <= now:
        return row, "expired"
    if (row.last_used_at or row.created_at) + timedelta(minutes=get_settings().token_idle_minutes) <= now:
        return row, "idle"
    if row.username is None or not row.is_active:
        return row, "inactive_user"
    return row, ""


def user_for_token(*, db: Db, token: str | None, read: TokenRead | None = None) -> UserView:
    """The user a live token belongs to; ``InvalidToken`` otherwise (each refusal is logged).

    Marks the token used (at most once a minute), which keeps it from going idle. ``read``: a
    statement of the caller's that also selects ``TOKEN_AND_OWNER_COLUMNS`` (a chat turn reads the
    token with its conversation); it is not called for a malformed token.
    """
    row, reason = _check_token(db, token, read)
    if row is None or reason:
        logs.event(
            log,
            "Token refused",
            level=logging.WARNING,
            reason=reason,
            token_id=row.id if row else None,
            user_id=row.user_id if row else None,
        )
        raise InvalidToken
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY:
        run(db, _MARK_USED, {"token_id": row.id, "now": now})
    return UserView(id=row.user_id, username=row.username, display_name=row.display_name, role=row.role)


def revoke_token(*, db: Db, token: str | None) -> None:
    """Revoke a token (sign-out); an already dead token is left as it is."""
    row, reason = _check_token(db, token)
    if row is None or reason not in ("", "inactive_user"):  # a disabled user's token can still be revoked
        return
    db.execute(_REVOKE, {"token_id": row.id, "now": utcnow()})
    logs.event(log, "Logged out", user_id=row.user_id, kind=row.kind)


def revoke_all_tokens(*, db: Db, user_id: int) -> int:
    """Revoke every live token of a user (API and browser sign-ins alike); returns how many."""
    result = db.exec(
        update(ApiToken)
        .where(col(ApiToken.user_id) == user_id, col(ApiToken.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )
    return int(result.rowcount or 0)


def change_password(
    *, db: Db, user: UserView, current_password: str, new_password: str, address: str | None = None
) -> int:
    """Set a new password after checking the current one; every token of the user is revoked.

    A wrong current password is ``InvalidCredentials`` and counts as a failed sign-in
    for the throttle (``TooManyAttempts`` while throttled); a new password outside
    8..1024 characters is ``InvalidInput``. Returns how many tokens were revoked.
    """
    lo, hi = passwords.MIN_PASSWORD_CHARS, passwords.MAX_PASSWORD_CHARS
    if not isinstance(new_password, str) or not lo <= len(new_password) <= hi:
        raise InvalidInput(f"The new password must have {lo} to {hi} characters")
    name, where = throttle.username_key(user.username), throttle.address_key(address)
    # Admitted before anything in ``db`` is flushed: on SQLite the throttle's own
    # transaction would otherwise wait for ours.
    attempt = _admit(db, name=name, where=where, action="Password change", user_id=user.id)
    row = db.get(User, user.id)
    ok = row is not None and row.is_active and isinstance(current_password, str) and len(current_password) <= hi
    if row is None or not passwords.verify(current_password if ok else "", row.password_hash)[0] or not ok:
        logs.event(log, "Password change failed", level=logging.WARNING, user_id=user.id, address=where)
        raise InvalidCredentials
    throttle.succeeded(db, attempt_id=attempt)
    row.password_hash = passwords.hash_password(new_password)
    db.add(row)
    revoked = revoke_all_tokens(db=db, user_id=user.id)
    logs.event(log, "Password changed", user_id=user.id, address=where, tokens_revoked=revoked)
    return revoked


def disable_user(*, db: Db, user_id: int) -> int:
    """Disable an account: it can no longer sign in and every token it holds dies now."""
    user = db.get(User, user_id)
    if user is None:
        raise NotFound("User not found")
    user.is_active = False
    db.add(user)
    revoked = revoke_all_tokens(db=db, user_id=user_id)
    logs.event(log, "User disabled", level=logging.WARNING, user_id=user_id, tokens_revoked=revoked)
    return revoked
