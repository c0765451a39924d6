"""Sign-in: one generic error, tokens stored only as hashes, expiry, revocation, demo seeding."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select

from bankchat.db import session_scope
from bankchat.errors import InvalidCredentials, InvalidToken
from bankchat.models import ApiToken, User, utcnow
from bankchat.services import auth
from bankchat.services.seed import DEMO_PASSWORD, seed_demo_data
from bankchat.settings import get_settings
from tests.factories import DEFAULT_PASSWORD, fresh_database, make_user, settings_env, unique_username


@pytest.fixture
def account() -> User:
    """A committed, active customer with ``DEFAULT_PASSWORD``."""
    with session_scope() as db:
        return make_user(db, display_name="Alice Anderson")


def _login(username: str, password: str = DEFAULT_PASSWORD) -> auth.LoginResult:
    with session_scope() as db:
        return auth.login(db=db, username=username, password=password)


def _user_for(token: str | None):  # type: ignore[no-untyped-def]
    with session_scope() as db:
        return auth.user_for_token(db=db, token=token)


def _token_row(token: str) -> ApiToken:
    with session_scope() as db:
        return db.exec(select(ApiToken).where(ApiToken.token_hash == auth.hash_token(token))).one()


def test_login_issues_token_for_user(account: User) -> None:
    result = _login(account.username)
    assert result.token.startswith(auth.TOKEN_PREFIX)
    assert len(result.token) - len(auth.TOKEN_PREFIX) >= 43  # 32 random bytes, urlsafe base64
    assert (result.user.id, result.user.username, result.user.display_name) == (
        account.id,
        account.username,
        "Alice Anderson",
    )
    ttl = timedelta(minutes=get_settings().token_ttl_minutes)
    assert abs(result.expires_at - (utcnow() + ttl)) < timedelta(minutes=1)
    assert not hasattr(result.user, "password_hash")


def test_login_username_ignores_case_and_spaces(account: User) -> None:
    assert _login(f"  {account.username.upper()} ").user.id == account.id


def test_login_issues_distinct_tokens(account: User) -> None:
    assert _login(account.username).token != _login(account.username).token


def test_login_stores_token_only_as_hash(account: User) -> None:
    token = _login(account.username).token
    with session_scope() as db:
        rows = db.connection().execute(text("SELECT * FROM api_token WHERE user_id = :u"), {"u": account.id}).all()
    assert len(rows) == 1
    assert not [cell for cell in rows[0] if token in str(cell) or token[len(auth.TOKEN_PREFIX) :] in str(cell)]
    assert _token_row(token).token_hash == auth.hash_token(token)
    assert len(auth.hash_token(token)) == 64


def test_hash_token_depends_on_secret_key() -> None:
    plain = auth.hash_token("bct_same")
    with settings_env(BANKCHAT_SECRET_KEY="another-secret-for-tests"):
        assert auth.hash_token("bct_same") != plain


def test_user_for_token_returns_owner(account: User) -> None:
    token = _login(account.username).token
    view = _user_for(token)
    assert (view.id, view.username, view.role) == (account.id, account.username, "customer")


@pytest.mark.parametrize(
    "token",
    [None, "", "bct_unknown", "x" * 500, 12345],
    ids=["none", "empty", "unknown", "long", "int"],
)
def test_user_for_token_refuses_bad_token(token: object) -> None:
    with pytest.raises(InvalidToken):
        _user_for(token)  # type: ignore[arg-type]


def test_user_for_token_refuses_expired_token(account: User) -> None:
    token = _login(account.username).token
    with session_scope() as db:
        row = db.exec(select(ApiToken).where(ApiToken.token_hash == auth.hash_token(token))).one()
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.add(row)
    with pytest.raises(InvalidToken):
        _user_for(token)


def test_user_for_token_refuses_revoked_token(account: User) -> None:
    token = _login(account.username).token
    with session_scope() as db:
        auth.revoke_token(db=db, token=token)
    assert _token_row(token).revoked_at is not None
    with pytest.raises(InvalidToken):
        _user_for(token)


def test_revoke_token_twice_keeps_first_revocation(account: User) -> None:
    token = _login(account.username).token
    with session_scope() as db:
        auth.revoke_token(db=db, token=token)
    first = _token_row(token).revoked_at
    with session_scope() as db:
        auth.revoke_token(db=db, token=token)
        auth.revoke_token(db=db, token="bct_never_issued")
        auth.revoke_token(db=db, token=None)
    assert _token_row(token).revoked_at == first


def test_revoke_token_leaves_other_tokens_alive(account: User) -> None:
    first, second = _login(account.username).token, _login(account.username).token
    with session_scope() as db:
        auth.revoke_token(db=db, token=first)
    assert _user_for(second).id == account.id


def test_user_for_token_refuses_deactivated_user(account: User) -> None:
    token = _login(account.username).token
    with session_scope() as db:
        row = db.get(User, account.id)
        assert row is not None
        row.is_active = False
        db.add(row)
    with pytest.raises(InvalidToken):
        _user_for(token)


def test_login_wrong_password_and_unknown_user_fail_alike(account: User) -> None:
    with pytest.raises(InvalidCredentials) as wrong_password:
        _login(account.username, "Wrong-Password-1")
    with pytest.raises(InvalidCredentials) as unknown_user:
        _login(unique_username("ghost"), DEFAULT_PASSWORD)
    assert str(wrong_password.value) == str(unknown_user.value) == "Invalid username or password"
    assert wrong_password.value.code == unknown_user.value.code == "invalid_credentials"
    assert type(wrong_password.value) is type(unknown_user.value) is InvalidCredentials


def test_login_refuses_inactive_user() -> None:
    with session_scope() as db:
        inactive = make_user(db, is_active=False)
    with pytest.raises(InvalidCredentials, match="Invalid username or password"):
        _login(inactive.username)


@pytest.mark.parametrize(
    ("username", "password"),
    [(None, DEFAULT_PASSWORD), ("alice", None), ("alice", "p" * 1025), ("u" * 65, DEFAULT_PASSWORD)],
    ids=["username-none", "password-none", "password-too-long", "username-too-long"],
)
def test_login_refuses_malformed_credentials(username: object, password: object) -> None:
    with pytest.raises(InvalidCredentials):
        _login(username, password)  # type: ignore[arg-type]


def test_login_failure_logs_no_password(account: User, auth_logs: list[logging.LogRecord]) -> None:
    secret_guess = "Sup3r-Secret-Guess"
    with pytest.raises(InvalidCredentials):
        _login(account.username, secret_guess)
    assert {r.getMessage() for r in auth_logs} == {"Login failed"}
    assert secret_guess not in repr([r.__dict__ for r in auth_logs])


def test_login_success_logs_no_token(account: User, auth_logs: list[logging.LogRecord]) -> None:
    token = _login(account.username).token
    assert "Login succeeded" in [r.getMessage() for r in auth_logs]
    dumped = repr([r.__dict__ for r in auth_logs])
    assert token not in dumped
    assert DEFAULT_PASSWORD not in dumped


def test_login_rehashes_password_when_params_change(account: User) -> None:
    assert "t=1," in account.password_hash
    with settings_env(BANKCHAT_ARGON2_TIME_COST="2"):
        _login(account.username)
    with session_scope() as db:
        stored = db.get(User, account.id)
        assert stored is not None
        assert "$m=1024,t=2,p=1$" in stored.password_hash
    # The new hash still opens the account on the old settings (and is updated back).
    assert _login(account.username).user.id == account.id


def test_seed_demo_data_idempotent_and_users_can_log_in(tmp_path: Path) -> None:
    with fresh_database(tmp_path / "seed.db"):
        assert seed_demo_data() == 3
        assert seed_demo_data() == 0
        roles = {name: _login(name, DEMO_PASSWORD).user.role for name in ("manager", "alice", "bob")}
        with session_scope() as db:
            assert len(db.exec(select(User)).all()) == 3
    assert roles == {"manager": "manager", "alice": "customer", "bob": "customer"}
