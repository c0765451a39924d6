"""Sign-in under attack: throttled logins, idle tokens, password change and disabled accounts revoke everything."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import select

from bankchat.db import session_scope
from bankchat.errors import InvalidCredentials, InvalidInput, InvalidToken, NotFound, TooManyAttempts
from bankchat.models import ApiToken, LoginAttempt, User, utcnow
from bankchat.services import auth, passwords
from bankchat.services.views import UserView
from bankchat.settings import Settings
from tests.factories import DEFAULT_PASSWORD, make_user, settings_env

NEW_PASSWORD = "A-brand-new-passphrase-7"


@pytest.fixture(autouse=True)
def policy() -> Iterator[Settings]:
    """The documented sign-in defaults, set explicitly."""
    with settings_env(
        BANKCHAT_LOGIN_FAILURE_WINDOW_SECONDS="900",
        BANKCHAT_LOGIN_MAX_FAILURES_PER_USER="5",
        BANKCHAT_LOGIN_LOCKOUT_BASE_SECONDS="60",
        BANKCHAT_LOGIN_LOCKOUT_MAX_SECONDS="900",
        BANKCHAT_LOGIN_MAX_FAILURES_PER_ADDRESS="20",
        BANKCHAT_TOKEN_IDLE_MINUTES="60",
    ) as s:
        yield s


@pytest.fixture
def account() -> User:
    with session_scope() as db:
        return make_user(db)


def _address() -> str:
    return f"192.0.2.{uuid.uuid4().int % 250}-{uuid.uuid4().hex[:6]}"


def _login(username: str, password: str = DEFAULT_PASSWORD, address: str | None = None, kind: str = "api") -> str:
    with session_scope() as db:
        return auth.login(db=db, username=username, password=password, address=address, kind=kind).token


def _fails(username: str, password: str, address: str | None = None) -> type[Exception]:
    try:
        _login(username, password, address)
    except (InvalidCredentials, TooManyAttempts) as exc:
        return type(exc)
    return type(None)  # type: ignore[return-value]


def _user_for(token: str) -> UserView:
    with session_scope() as db:
        return auth.user_for_token(db=db, token=token)


def _token_row(token: str) -> ApiToken:
    with session_scope() as db:
        return db.exec(select(ApiToken).where(ApiToken.token_hash == auth.hash_token(token))).one()


def _set_token(token: str, **values: object) -> None:
    with session_scope() as db:
        row = db.exec(select(ApiToken).where(ApiToken.token_hash == auth.hash_token(token))).one()
        for name, value in values.items():
            setattr(row, name, value)
        db.add(row)


def _age_attempts(username: str, by: timedelta) -> None:
    with session_scope() as db:
        for row in db.exec(select(LoginAttempt).where(LoginAttempt.username == username)).all():
            row.created_at -= by
            db.add(row)


def _change(user: User, current: object, new: object, address: str | None = None) -> int:
    with session_scope() as db:
        return auth.change_password(
            db=db,
            user=UserView.of(user),
            current_password=current,  # type: ignore[arg-type]
            new_password=new,  # type: ignore[arg-type]
            address=address,
        )


# --- brute force -------------------------------------------------------------------


def test_login_after_five_failures_refuses_even_right_password(account: User) -> None:
    assert [_fails(account.username, f"wrong-guess-{i}") for i in range(5)] == [InvalidCredentials] * 5

    with pytest.raises(TooManyAttempts) as refused:
        _login(account.username)

    assert refused.value.retry_after in (59, 60)
    assert refused.value.detail == "Too many sign-in attempts; please wait and try again"


def test_login_throttled_wrong_and_right_password_look_the_same(account: User) -> None:
    for i in range(5):
        _fails(account.username, f"wrong-guess-{i}")

    with pytest.raises(TooManyAttempts) as right:
        _login(account.username)
    with pytest.raises(TooManyAttempts) as wrong:
        _login(account.username, "still-wrong")

    assert (right.value.detail, right.value.code) == (wrong.value.detail, wrong.value.code)


def test_login_throttled_does_not_check_password(account: User, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(5):
        _fails(account.username, f"wrong-guess-{i}")
    checked: list[str] = []
    monkeypatch.setattr(passwords, "verify", lambda password, stored: checked.append(password) or (True, None))

    with pytest.raises(TooManyAttempts):
        _login(account.username)

    assert checked == []


def test_login_recovers_when_failures_age_out(account: User) -> None:
    for i in range(5):
        _fails(account.username, f"wrong-guess-{i}")
    with pytest.raises(TooManyAttempts):
        _login(account.username)

    _age_attempts(account.username, timedelta(seconds=61))

    assert _user_for(_login(account.username)).id == account.id


def test_login_success_clears_failures(account: User) -> None:
    for i in range(4):
        _fails(account.username, f"wrong-guess-{i}")
    _login(account.username)

    assert [_fails(account.username, f"again-{i}") for i in range(5)] == [InvalidCredentials] * 5
    assert _fails(account.username, DEFAULT_PASSWORD) is TooManyAttempts


def test_login_unknown_username_throttled_like_real_one() -> None:
    ghost = f"ghost_{uuid.uuid4().hex[:10]}"
    assert [_fails(ghost, "whatever-1") for _ in range(6)] == [InvalidCredentials] * 5 + [TooManyAttempts]


def test_login_username_throttle_ignores_case_and_spaces(account: User) -> None:
    for i in range(5):
        _fails(f"  {account.username.upper()} ", f"wrong-guess-{i}")

    assert _fails(account.username, DEFAULT_PASSWORD) is TooManyAttempts


def test_login_per_address_throttle_covers_every_username(account: User) -> None:
    address = _address()
    for i in range(20):
        assert _fails(f"nobody_{uuid.uuid4().hex[:8]}", f"guess-{i}", address) is InvalidCredentials

    assert _fails(account.username, DEFAULT_PASSWORD, address) is TooManyAttempts
    assert _user_for(_login(account.username, address=_address())).id == account.id


def test_login_locked_username_refuses_the_failing_address_even_with_right_password(account: User) -> None:
    attacker = _address()
    assert [_fails(account.username, f"guess-{i}", attacker) for i in range(6)] == [InvalidCredentials] * 5 + [
        TooManyAttempts
    ]

    assert _fails(account.username, DEFAULT_PASSWORD, attacker) is TooManyAttempts
    assert _fails(account.username, DEFAULT_PASSWORD) is TooManyAttempts  # no address: the lock holds


def test_login_locked_username_lets_the_customer_in_from_an_address_that_has_not_failed(account: User) -> None:
    """Pen-test 18.9c: strangers' wrong guesses cannot keep the customer out."""
    attacker, customer = _address(), _address()
    for i in range(8):
        _fails(account.username, f"guess-{i}", attacker)

    assert _user_for(_login(account.username, address=customer)).id == account.id
    # The success cleared the username's failures; the attacker starts again from one address.
    assert _fails(account.username, "guess-again", attacker) is InvalidCredentials


def test_login_locked_username_wrong_guess_from_new_address_locks_that_address_too(account: User) -> None:
    attacker, second = _address(), _address()
    for i in range(5):
        _fails(account.username, f"guess-{i}", attacker)

    assert _fails(account.username, "guess-from-elsewhere", second) is InvalidCredentials
    assert _fails(account.username, DEFAULT_PASSWORD, second) is TooManyAttempts


def test_login_failure_counted_though_caller_rolls_back(account: User) -> None:
    for i in range(5):
        with pytest.raises(InvalidCredentials), session_scope() as db:
            auth.login(db=db, username=account.username, password=f"wrong-{i}")  # the scope rolls back

    assert _fails(account.username, DEFAULT_PASSWORD) is TooManyAttempts


def test_login_logs_every_attempt_without_password(account: User, auth_logs: list[logging.LogRecord]) -> None:
    address = _address()
    _fails(account.username, "Secret-Guess-1", address)
    _login(account.username, address=address)
    for i in range(5):
        _fails(account.username, f"Secret-Guess-{i + 2}", address)
    _fails(account.username, DEFAULT_PASSWORD, address)

    events = [(r.getMessage(), r.bankchat_fields) for r in auth_logs]  # type: ignore[attr-defined]
    messages = [m for m, _ in events]
    assert messages == ["Login failed", "Login succeeded", *["Login failed"] * 5, "Login throttled"]
    for _, fields in events:
        assert fields["username"] == account.username
        assert fields["address"] == address
    assert events[-1][1]["retry_after"] in (59, 60)
    assert [r.levelno for r in auth_logs if r.getMessage() != "Login succeeded"] == [logging.WARNING] * 7
    dumped = repr([r.__dict__ for r in auth_logs])
    assert "Secret-Guess" not in dumped
    assert DEFAULT_PASSWORD not in dumped


def test_login_logs_username_truncated(auth_logs: list[logging.LogRecord]) -> None:
    _fails("x" * 5000, "whatever-1")

    [record] = auth_logs
    assert record.bankchat_fields["username"] == "x" * 64  # type: ignore[attr-defined]


# --- tokens: idle timeout, last use --------------------------------------------------


def test_user_for_token_refuses_token_idle_too_long(account: User, auth_logs: list[logging.LogRecord]) -> None:
    token = _login(account.username)
    _set_token(token, last_used_at=utcnow() - timedelta(minutes=61))

    with pytest.raises(InvalidToken):
        _user_for(token)

    refused = [r for r in auth_logs if r.getMessage() == "Token refused"]
    assert [r.bankchat_fields["reason"] for r in refused] == ["idle"]  # type: ignore[attr-defined]
    assert token not in repr([r.__dict__ for r in auth_logs])


def test_user_for_token_never_used_token_idles_from_issue(account: User) -> None:
    token = _login(account.username)
    _set_token(token, created_at=utcnow() - timedelta(minutes=61))

    with pytest.raises(InvalidToken):
        _user_for(token)


def test_user_for_token_use_keeps_token_alive(account: User) -> None:
    token = _login(account.username)
    _set_token(token, created_at=utcnow() - timedelta(minutes=59), last_used_at=None)
    _user_for(token)  # used just in time: the idle clock restarts
    _set_token(token, created_at=utcnow() - timedelta(minutes=120))

    assert _user_for(token).id == account.id


def test_user_for_token_writes_last_use_at_most_once_a_minute(account: User) -> None:
    token = _login(account.username)
    assert _token_row(token).last_used_at is None
    _user_for(token)
    first = _token_row(token).last_used_at
    assert first is not None
    _user_for(token)
    assert _token_row(token).last_used_at == first

    _set_token(token, last_used_at=first - timedelta(seconds=61))
    _user_for(token)

    assert _token_row(token).last_used_at > first  # type: ignore[operator]


def test_idle_timeout_defaults_to_a_day() -> None:
    assert Settings.model_fields["token_idle_minutes"].default == 24 * 60


# --- password change -------------------------------------------------------------------


def test_change_password_revokes_every_token(account: User) -> None:
    api_one, api_two = _login(account.username), _login(account.username)
    web = _login(account.username, kind="web")

    assert _change(account, DEFAULT_PASSWORD, NEW_PASSWORD) == 3

    for token in (api_one, api_two, web):
        with pytest.raises(InvalidToken):
            _user_for(token)
    assert _fails(account.username, DEFAULT_PASSWORD) is InvalidCredentials
    assert _user_for(_login(account.username, NEW_PASSWORD)).id == account.id


def test_change_password_leaves_other_users_tokens(account: User) -> None:
    with session_scope() as db:
        other = make_user(db)
    theirs = _login(other.username)

    _change(account, DEFAULT_PASSWORD, NEW_PASSWORD)

    assert _user_for(theirs).id == other.id


def test_change_password_wrong_current_is_generic_and_changes_nothing(account: User) -> None:
    token = _login(account.username)

    with pytest.raises(InvalidCredentials) as wrong:
        _change(account, "not-my-password", NEW_PASSWORD)

    assert wrong.value.detail == "Invalid username or password"
    assert _user_for(token).id == account.id
    assert _fails(account.username, NEW_PASSWORD) is InvalidCredentials


def test_change_password_wrong_current_counts_as_failed_sign_in(account: User) -> None:
    for i in range(5):
        with pytest.raises(InvalidCredentials):
            _change(account, f"not-my-password-{i}", NEW_PASSWORD)

    with pytest.raises(TooManyAttempts):
        _change(account, DEFAULT_PASSWORD, NEW_PASSWORD)
    assert _fails(account.username, DEFAULT_PASSWORD) is TooManyAttempts


@pytest.mark.parametrize(
    "new",
    ["", "short7!", "n" * 1025, None, 12345678],
    ids=["empty", "seven", "too-long", "none", "int"],
)
def test_change_password_refuses_bad_new_password(account: User, new: object) -> None:
    token = _login(account.username)

    with pytest.raises(InvalidInput, match="8 to 1024 characters"):
        _change(account, DEFAULT_PASSWORD, new)

    assert _user_for(token).id == account.id
    assert _user_for(_login(account.username)).id == account.id


@pytest.mark.parametrize("new", ["e" * 8, "m" * 1024], ids=["eight", "max"])
def test_change_password_accepts_bounds_without_truncation(account: User, new: str) -> None:
    _change(account, DEFAULT_PASSWORD, new)

    assert _user_for(_login(account.username, new)).id == account.id
    assert _fails(account.username, new[:-1]) is InvalidCredentials


@pytest.mark.parametrize("current", [None, "c" * 1025], ids=["none", "too-long"])
def test_change_password_refuses_malformed_current(account: User, current: object) -> None:
    with pytest.raises(InvalidCredentials):
        _change(account, current, NEW_PASSWORD)


def test_change_password_logs_without_passwords(account: User, auth_logs: list[logging.LogRecord]) -> None:
    with pytest.raises(InvalidCredentials):
        _change(account, "Wrong-Current-1", NEW_PASSWORD)
    _change(account, DEFAULT_PASSWORD, NEW_PASSWORD)

    assert [r.getMessage() for r in auth_logs] == ["Password change failed", "Password changed"]
    dumped = repr([r.__dict__ for r in auth_logs])
    for secret in ("Wrong-Current-1", DEFAULT_PASSWORD, NEW_PASSWORD):
        assert secret not in dumped


# --- disabled accounts ---------------------------------------------------------------------


def test_disable_user_revokes_every_token_and_refuses_login(account: User) -> None:
    tokens = [_login(account.username), _login(account.username, kind="web")]

    with session_scope() as db:
        assert auth.disable_user(db=db, user_id=account.id) == 2  # type: ignore[arg-type]

    for token in tokens:
        with pytest.raises(InvalidToken):
            _user_for(token)
        assert _token_row(token).revoked_at is not None
    assert _fails(account.username, DEFAULT_PASSWORD) is InvalidCredentials


def test_disable_user_unknown_is_not_found() -> None:
    with pytest.raises(NotFound), session_scope() as db:
        auth.disable_user(db=db, user_id=10**9)


def test_user_for_token_refuses_once_account_inactive(account: User, auth_logs: list[logging.LogRecord]) -> None:
    token = _login(account.username)
    with session_scope() as db:
        row = db.get(User, account.id)
        assert row is not None
        row.is_active = False  # switched off directly, tokens not revoked: still refused at use
        db.add(row)

    with pytest.raises(InvalidToken):
        _user_for(token)
    assert [r.bankchat_fields["reason"] for r in auth_logs if r.getMessage() == "Token refused"] == [  # type: ignore[attr-defined]
        "inactive_user"
    ]


# --- a corrupt stored hash -------------------------------------------------------------------


def test_login_with_corrupt_stored_hash_is_generic_401(account: User) -> None:
    with session_scope() as db:
        row = db.get(User, account.id)
        assert row is not None
        row.password_hash = "$argon2id$v=19$m=1024,t=1,p=1$broken"
        db.add(row)

    with pytest.raises(InvalidCredentials) as refused:
        _login(account.username)

    assert refused.value.detail == "Invalid username or password"
