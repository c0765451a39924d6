"""Sign-in and per-user limits under attack, over real HTTP against the running app.

Every test here uses users of its own, created in the live app's database, and
sends each request from its own made-up address (``X-Forwarded-For``, which the
live app is configured to trust): no lockout or limit ever reaches the demo users
or 127.0.0.1, which the rest of the suite shares. Time is moved by ageing rows in
that database, never by sleeping.
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import timedelta

import httpx
import pytest
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.db import engine_for
from bankchat.models import ApiToken, ChatSession, LoginAttempt, Message, Session, User, utcnow
from bankchat.services import SessionManager, auth
from bankchat.settings import get_settings
from tests.api.helpers import assert_error, bearer, client_id, new_session, send
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.support.live_server import LiveServer

pytestmark = pytest.mark.live

NEW_PASSWORD = "A-brand-new-passphrase-7"
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_ADDRESS = int(os.environ["BANKCHAT_LOGIN_MAX_FAILURES_PER_ADDRESS"])  # set in tests/conftest.py

LiveDb = Callable[[], AbstractContextManager[Db]]
"""Opens a unit of work on the live app's database."""


def address() -> str:
    """A made-up client address no other request uses (documentation range, RFC 3849)."""
    raw = f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}:{secrets.token_hex(2)}"
    return str(ipaddress.ip_address(raw))  # the form the app logs


def client_from(where: str) -> dict[str, str]:
    """Headers that make a request come from ``where``."""
    return {"X-Forwarded-For": f"{where}, 10.0.0.1"}


@pytest.fixture
def live_db(live_app: LiveServer) -> LiveDb:
    """Open a unit of work on the live app's database (commit on success)."""

    @contextmanager
    def scope() -> Iterator[Db]:
        with Db(engine_for(live_app.db_url), expire_on_commit=False) as db:
            yield db
            db.commit()

    return scope


@pytest.fixture
def member(live_db: LiveDb) -> User:
    """A fresh customer of the live app with ``DEFAULT_PASSWORD``."""
    with live_db() as db:
        return make_user(db, display_name="Sam Security")


def _login(
    client: httpx.Client, username: str, password: str = DEFAULT_PASSWORD, where: str | None = None
) -> httpx.Response:
    body = {"username": username, "password": password}
    return client.post("/api/auth/login", json=body, headers=client_from(where or address()))


def _token(client: httpx.Client, username: str, password: str = DEFAULT_PASSWORD) -> str:
    response = _login(client, username, password)
    assert response.status_code == 200, response.text
    return str(response.json()["accessToken"])


def _assert_throttled(response: httpx.Response, code: str, most: int) -> int:
    assert_error(response, 429, code)
    retry_after = response.headers["retry-after"]
    assert re.fullmatch(r"[1-9][0-9]*", retry_after), retry_after
    assert int(retry_after) <= most
    assert "set-cookie" not in response.headers
    return int(retry_after)


def _age_attempts(live_db: LiveDb, username: str, by: timedelta) -> None:
    with live_db() as db:
        for row in db.exec(select(LoginAttempt).where(LoginAttempt.username == username)).all():
            row.created_at -= by
            db.add(row)


# --- one answer for every wrong sign-in ---------------------------------------------


@pytest.mark.parametrize("route", ["/api/auth/login", "/api/auth/session"])
def test_login_wrong_password_unknown_user_corrupt_hash_answer_identically(
    client: httpx.Client, live_db: LiveDb, route: str
) -> None:
    with live_db() as db:
        real, broken = make_user(db), make_user(db)
        broken.password_hash = "$argon2id$v=19$m=1024,t=1,p=1$not-base64$"
        db.add(broken)

    answers = [
        client.post(route, json={"username": u, "password": p}, headers=client_from(address()))
        for u, p in [
            (real.username, "Wrong-Password-1"),
            (f"ghost_{secrets.token_hex(6)}", DEFAULT_PASSWORD),
            (broken.username, DEFAULT_PASSWORD),
            (real.username, "x" * 1025),
        ]
    ]

    for answer in answers:
        assert_error(answer, 401, "invalid_credentials")
        assert "set-cookie" not in answer.headers
    assert len({a.content for a in answers}) == 1
    assert len({a.headers.get("www-authenticate") for a in answers}) == 1


# --- per-username lockout -------------------------------------------------------------------


def test_login_locked_after_failures_refuses_right_password_too(client: httpx.Client, member: User) -> None:
    attacker = address()
    for i in range(MAX_FAILURES_PER_USER):
        assert_error(_login(client, member.username, f"Wrong-guess-{i}", attacker), 401, "invalid_credentials")

    right = _login(client, member.username, where=attacker)
    wrong = _login(client, member.username, "Wrong-guess-again", attacker)
    cookie = client.post(
        "/api/auth/session",
        json={"username": member.username.upper(), "password": DEFAULT_PASSWORD},
        headers=client_from(attacker),
    )

    assert _assert_throttled(right, "too_many_attempts", most=60) >= 55
    _assert_throttled(wrong, "too_many_attempts", most=60)
    _assert_throttled(cookie, "too_many_attempts", most=60)
    assert right.json() == wrong.json() == cookie.json()  # no oracle: the password is never checked


def test_login_lockout_recovers_once_failures_age_out(client: httpx.Client, live_db: LiveDb, member: User) -> None:
    attacker = address()
    for i in range(MAX_FAILURES_PER_USER):
        _login(client, member.username, f"Wrong-guess-{i}", attacker)
    retry_after = _assert_throttled(_login(client, member.username, where=attacker), "too_many_attempts", most=60)

    _age_attempts(live_db, member.username, timedelta(seconds=retry_after + 1))

    response = _login(client, member.username, where=attacker)
    assert response.status_code == 200, response.text
    assert client.get("/api/me", headers=bearer(response.json()["accessToken"])).json()["username"] == member.username
    # The success cleared the failures: a new mistake is a plain 401 again.
    assert_error(_login(client, member.username, "Wrong-guess-later", attacker), 401, "invalid_credentials")


def test_login_lockout_doubles_with_each_further_failure(client: httpx.Client, live_db: LiveDb, member: User) -> None:
    attacker = address()
    for i in range(MAX_FAILURES_PER_USER):
        _login(client, member.username, f"Wrong-guess-{i}", attacker)
    first = _assert_throttled(_login(client, member.username, where=attacker), "too_many_attempts", most=60)
    _age_attempts(live_db, member.username, timedelta(seconds=first + 1))

    assert_error(_login(client, member.username, "Wrong-guess-6", attacker), 401, "invalid_credentials")

    assert _assert_throttled(_login(client, member.username, where=attacker), "too_many_attempts", most=120) >= 115


def test_login_strangers_cannot_lock_the_customer_out(client: httpx.Client, member: User) -> None:
    """Pen-test 18.9c: the username's lock holds for the addresses that failed, not for the customer's own."""
    attackers = [address(), address()]
    for i in range(2 * MAX_FAILURES_PER_USER + 2):  # keeps the username locked, from two addresses
        _login(client, member.username, f"Wrong-guess-{i}", attackers[i % 2])
    for attacker in attackers:  # the attackers stay locked, the right password included
        _assert_throttled(_login(client, member.username, where=attacker), "too_many_attempts", most=900)

    customer = address()
    browser = client.post(
        "/api/auth/session",
        json={"username": member.username, "password": DEFAULT_PASSWORD},
        headers={**client_from(customer), "Origin": str(client.base_url).rstrip("/")},
    )
    assert browser.status_code == 200, browser.text
    assert _login(client, member.username, where=address()).status_code == 200  # the API too


# --- per-address throttle -----------------------------------------------------------------


def test_login_address_throttled_after_failures_for_any_username(
    client: httpx.Client, live_db: LiveDb, member: User
) -> None:
    attacker = address()
    for i in range(MAX_FAILURES_PER_ADDRESS):
        answer = _login(client, f"spray_{secrets.token_hex(5)}", f"Guess-{i}", where=attacker)
        assert_error(answer, 401, "invalid_credentials")

    refused = _login(client, member.username, where=attacker)
    cookie = client.post(
        "/api/auth/session",
        json={"username": member.username, "password": DEFAULT_PASSWORD},
        headers=client_from(attacker),
    )

    assert _assert_throttled(refused, "too_many_attempts", most=900) > 800
    _assert_throttled(cookie, "too_many_attempts", most=900)
    assert _login(client, member.username, where=address()).status_code == 200  # any other address is fine
    with live_db() as db:  # the member's own failures are untouched
        rows = db.exec(select(LoginAttempt).where(LoginAttempt.username == member.username.lower())).all()
        assert [r.succeeded for r in rows] == [True]


def test_login_address_ignores_untrusted_garbage_forwarded_for(client: httpx.Client, member: User) -> None:
    # Not an address: the peer's own address is used (and the login simply works).
    response = client.post(
        "/api/auth/login",
        json={"username": member.username, "password": DEFAULT_PASSWORD},
        headers={"X-Forwarded-For": "<script>, 1.2.3.4"},
    )

    assert response.status_code == 200


# --- logging ----------------------------------------------------------------------------------


def test_login_attempts_logged_with_username_and_address_never_password(
    client: httpx.Client, live_app: LiveServer, member: User
) -> None:
    where = address()
    secret = f"Never-Logged-{secrets.token_hex(6)}"
    _login(client, member.username, secret, where=where)
    _login(client, member.username, where=where)
    token = _token(client, member.username)
    client.post("/api/auth/logout", headers=bearer(token))
    client.get("/api/me", headers={**bearer(token), **client_from(where)})

    log = live_app.log_path.read_text(errors="replace")

    assert secret not in log
    assert token not in log
    mine = [line for line in log.splitlines() if member.username in line or where in line]
    assert any('"Login failed"' in line and where in line for line in mine)
    assert any('"Login succeeded"' in line and where in line for line in mine)
    assert any('"Authorization failed"' in line and '"/api/me"' in line and where in line for line in mine)


# --- password change ------------------------------------------------------------------------


def _change(client: httpx.Client, token: str, current: object, new: object, where: str | None = None) -> httpx.Response:
    body = {"currentPassword": current, "newPassword": new}
    return client.post("/api/auth/password", json=body, headers={**bearer(token), **client_from(where or address())})


def test_change_password_signs_out_every_session(client: httpx.Client, live_app: LiveServer, member: User) -> None:
    first, second = _token(client, member.username), _token(client, member.username)
    web = client.post(
        "/api/auth/session",
        json={"username": member.username, "password": DEFAULT_PASSWORD},
        headers={"Origin": live_app.base_url, **client_from(address())},
    )
    cookie_token = web.cookies[get_settings().cookie_name]

    response = _change(client, first, DEFAULT_PASSWORD, NEW_PASSWORD)

    assert response.status_code == 204
    assert response.content == b""
    for token in (first, second, cookie_token):
        assert_error(client.get("/api/me", headers=bearer(token)), 401, "invalid_token")
    assert_error(_login(client, member.username), 401, "invalid_credentials")
    assert client.get("/api/me", headers=bearer(_token(client, member.username, NEW_PASSWORD))).status_code == 200


def test_change_password_wrong_current_is_generic_401_and_keeps_sign_in(client: httpx.Client, member: User) -> None:
    token = _token(client, member.username)
    wrong_login = _login(client, f"ghost_{secrets.token_hex(6)}", "whatever-123")

    response = _change(client, token, "Not-my-password-1", NEW_PASSWORD)

    assert_error(response, 401, "invalid_credentials")
    assert response.json() == wrong_login.json()
    assert client.get("/api/me", headers=bearer(token)).status_code == 200
    assert _login(client, member.username).status_code == 200


def test_change_password_wrong_current_counts_toward_lockout(client: httpx.Client, member: User) -> None:
    token = _token(client, member.username)
    where = address()
    for i in range(MAX_FAILURES_PER_USER):
        answer = _change(client, token, f"Not-my-password-{i}", NEW_PASSWORD, where)
        assert_error(answer, 401, "invalid_credentials")

    _assert_throttled(_change(client, token, DEFAULT_PASSWORD, NEW_PASSWORD, where), "too_many_attempts", most=60)
    _assert_throttled(_login(client, member.username, where=where), "too_many_attempts", most=60)


@pytest.mark.parametrize(
    ("new", "expected_code"),
    [("", "invalid_input"), ("seven-7", "invalid_input"), ("n" * 1025, "invalid_input"), (None, "invalid_request")],
    ids=["empty", "seven", "1025", "null"],
)
def test_change_password_bad_new_password_is_422_and_changes_nothing(
    client: httpx.Client, member: User, new: object, expected_code: str
) -> None:
    token = _token(client, member.username)

    assert_error(_change(client, token, DEFAULT_PASSWORD, new), 422, expected_code)

    assert client.get("/api/me", headers=bearer(token)).status_code == 200
    assert _login(client, member.username).status_code == 200


def test_change_password_1024_chars_works_without_truncation(client: httpx.Client, member: User) -> None:
    longest = "L" * 1024
    token = _token(client, member.username)

    assert _change(client, token, DEFAULT_PASSWORD, longest).status_code == 204

    assert _login(client, member.username, longest).status_code == 200
    assert_error(_login(client, member.username, longest[:-1]), 401, "invalid_credentials")


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer bct_not-a-token"}], ids=["no-token", "bad-token"])
def test_change_password_without_sign_in_is_401(client: httpx.Client, headers: dict[str, str]) -> None:
    body = {"currentPassword": DEFAULT_PASSWORD, "newPassword": NEW_PASSWORD}
    assert_error(client.post("/api/auth/password", json=body, headers=headers), 401, "invalid_token")


# --- token lifetime -------------------------------------------------------------------------


def _token_row(db: Db, token: str) -> ApiToken:
    return db.exec(select(ApiToken).where(ApiToken.token_hash == auth.hash_token(token))).one()


def test_token_idle_too_long_is_401(client: httpx.Client, live_db: LiveDb, member: User) -> None:
    token = _token(client, member.username)
    assert client.get("/api/me", headers=bearer(token)).status_code == 200
    with live_db() as db:
        row = _token_row(db, token)
        assert row.last_used_at is not None  # the use was recorded
        row.last_used_at = utcnow() - timedelta(minutes=get_settings().token_idle_minutes + 1)
        db.add(row)

    assert_error(client.get("/api/me", headers=bearer(token)), 401, "invalid_token")


def test_disabled_user_token_is_401_at_once(client: httpx.Client, live_db: LiveDb, member: User) -> None:
    token = _token(client, member.username)
    with live_db() as db:
        user = db.get(User, member.id)
        assert user is not None
        user.is_active = False  # no revocation: the token is refused at use anyway
        db.add(user)

    assert_error(client.get("/api/me", headers=bearer(token)), 401, "invalid_token")
    assert_error(_login(client, member.username), 401, "invalid_credentials")


def test_disable_user_service_revokes_tokens(client: httpx.Client, live_db: LiveDb, member: User) -> None:
    token = _token(client, member.username)
    with live_db() as db:
        assert auth.disable_user(db=db, user_id=member.id) == 1  # type: ignore[arg-type]

    assert_error(client.get("/api/me", headers=bearer(token)), 401, "invalid_token")


# --- per-user rate limits --------------------------------------------------------------------


def test_send_message_over_limit_is_429_and_stores_nothing(client: httpx.Client, live_db: LiveDb, member: User) -> None:
    limit = get_settings().messages_per_minute  # the live app reads the same environment
    token = _token(client, member.username)
    session_id = str(new_session(client, token)["sessionId"])
    with live_db() as db:  # the minute's messages so far, short of the limit by one
        db.add_all(Message(session_id=session_id, role="user", content=f"m{i}") for i in range(limit - 1))
    cid = client_id()
    last = send(client, token, session_id, "the last one allowed", clientMessageId=cid)
    assert last.status_code == 200, last.text

    refused = send(client, token, session_id, "one too many", clientMessageId=client_id())
    replay = send(client, token, session_id, "the last one allowed", clientMessageId=cid)

    assert _assert_throttled(refused, "rate_limited", most=60) >= 55
    assert replay.status_code == 200
    assert replay.json()["replayed"] is True
    assert replay.json()["reply"] == last.json()["reply"]
    with live_db() as db:
        stored = db.exec(select(Message.content).where(Message.session_id == session_id)).all()
    assert "one too many" not in stored
    assert len(stored) == limit + 1  # the limit's user messages and one reply


def test_send_message_limit_frees_up_as_the_window_moves(client: httpx.Client, live_db: LiveDb, member: User) -> None:
    limit = get_settings().messages_per_minute
    token = _token(client, member.username)
    session_id = str(new_session(client, token)["sessionId"])
    old = utcnow() - timedelta(seconds=61)
    with live_db() as db:
        db.add_all(Message(session_id=session_id, role="user", content=f"m{i}", created_at=old) for i in range(limit))

    assert send(client, token, session_id, "a minute later").status_code == 200


def test_create_session_over_limit_is_429_and_stores_nothing(
    client: httpx.Client, live_db: LiveDb, member: User
) -> None:
    limit = get_settings().sessions_per_hour
    token = _token(client, member.username)
    assert member.id is not None
    with live_db() as db:
        for _ in range(limit - 1):
            SessionManager().create_session(db=db, user_id=member.id)
    assert client.post("/api/sessions", json={}, headers=bearer(token)).status_code == 201

    refused = client.post("/api/sessions", json={}, headers=bearer(token))

    assert _assert_throttled(refused, "rate_limited", most=3600) >= 3500
    with live_db() as db:
        assert len(db.exec(select(Session.id).where(Session.user_id == member.id)).all()) == limit
        chats = db.exec(select(ChatSession.id).where(col(ChatSession.user_id) == member.id)).all()
        assert len(chats) == 1


def test_rate_limit_is_per_user(client: httpx.Client, live_db: LiveDb, member: User) -> None:
    limit = get_settings().sessions_per_hour
    assert member.id is not None
    with live_db() as db:
        for _ in range(limit):
            SessionManager().create_session(db=db, user_id=member.id)
        other = make_user(db)
    assert_error(
        client.post("/api/sessions", json={}, headers=bearer(_token(client, member.username))), 429, "rate_limited"
    )

    assert client.post("/api/sessions", json={}, headers=bearer(_token(client, other.username))).status_code == 201


def test_logout_everywhere_revokes_every_token_of_the_user(client: httpx.Client, member: User) -> None:
    here, there = _token(client, member.username), _token(client, member.username)
    browser = client.post(
        "/api/auth/session",
        json={"username": member.username, "password": DEFAULT_PASSWORD},
        headers=client_from(address()),
    )
    assert browser.status_code == 200, browser.text
    cookie_token = browser.cookies[get_settings().cookie_name]

    assert client.post("/api/auth/logout?everywhere=true", headers=bearer(here)).status_code == 204

    for token in (here, there, cookie_token):
        assert_error(client.get("/api/me", headers=bearer(token)), 401, "invalid_token")
    assert _login(client, member.username).status_code == 200  # signing in again works
