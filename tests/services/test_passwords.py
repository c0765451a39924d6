"""Password hashing: argon2id with the configured parameters, rehash on change, fail closed."""

from __future__ import annotations

import pytest

from bankchat.services import passwords
from bankchat.settings import get_settings
from tests.factories import settings_env

PASSWORD = "Correct-Horse-42"


def test_hash_password_uses_argon2id_with_configured_params() -> None:
    s = get_settings()
    hashed = passwords.hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$v=19$")
    assert f"$m={s.argon2_memory_kib},t={s.argon2_time_cost},p={s.argon2_parallelism}$" in hashed
    assert PASSWORD not in hashed


def test_hash_password_salts_each_hash() -> None:
    assert passwords.hash_password(PASSWORD) != passwords.hash_password(PASSWORD)


def test_verify_password_accepts_right_one() -> None:
    assert passwords.verify(PASSWORD, passwords.hash_password(PASSWORD)) == (True, None)


@pytest.mark.parametrize("attempt", ["Correct-Horse-43", "correct-horse-42", "", PASSWORD + " "])
def test_verify_password_refuses_wrong_one(attempt: str) -> None:
    assert passwords.verify(attempt, passwords.hash_password(PASSWORD)) == (False, None)


@pytest.mark.parametrize(
    ("env", "expected_params"),
    [
        ({"BANKCHAT_ARGON2_TIME_COST": "2"}, "m=1024,t=2,p=1"),
        ({"BANKCHAT_ARGON2_MEMORY_KIB": "2048"}, "m=2048,t=1,p=1"),
        ({"BANKCHAT_ARGON2_PARALLELISM": "2"}, "m=1024,t=1,p=2"),
    ],
    ids=["time", "memory", "lanes"],
)
def test_verify_password_rehashes_when_params_change(env: dict[str, str], expected_params: str) -> None:
    s = get_settings()
    assert (s.argon2_memory_kib, s.argon2_time_cost, s.argon2_parallelism) == (1024, 1, 1)
    old = passwords.hash_password(PASSWORD)
    with settings_env(**env):
        ok, new_hash = passwords.verify(PASSWORD, old)
        assert ok is True
        assert new_hash is not None
        assert f"${expected_params}$" in new_hash
        assert passwords.verify(PASSWORD, new_hash) == (True, None)
    # Back on the original parameters the old hash needs no update.
    assert passwords.verify(PASSWORD, old) == (True, None)


def test_verify_password_for_unknown_user_checks_dummy_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[int, int, int]] = []
    real_dummy = passwords._dummy_hash

    def dummy_spy(memory_kib: int, time_cost: int, parallelism: int) -> str:
        calls.append((memory_kib, time_cost, parallelism))
        return real_dummy(memory_kib, time_cost, parallelism)

    monkeypatch.setattr(passwords, "_dummy_hash", dummy_spy)
    assert passwords.verify(PASSWORD, None) == (False, None)
    # Even the dummy's own password opens nothing.
    assert passwords.verify("dummy password for timing", None) == (False, None)
    s = get_settings()
    assert calls == [(s.argon2_memory_kib, s.argon2_time_cost, s.argon2_parallelism)] * 2


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "garbage",
        "$argon2id$",
        "$argon2id$v=19$m=1024,t=1,p=1$xx$yy",
        "$2b$12$" + "a" * 53,
        "pbkdf2_sha256$260000$salt$hash",
    ],
    ids=["empty", "garbage", "prefix-only", "bad-salt", "bcrypt", "django"],
)
def test_verify_password_against_corrupt_hash_fails_closed(stored: str) -> None:
    assert passwords.verify(PASSWORD, stored) == (False, None)


@pytest.mark.parametrize("length", [0, 7, 1025, 10_000])
def test_hash_password_refuses_length_out_of_range(length: int) -> None:
    with pytest.raises(ValueError, match="8 to 1024"):
        passwords.hash_password("p" * length)


@pytest.mark.parametrize("length", [8, 1024])
def test_hash_password_accepts_length_at_bounds(length: int) -> None:
    password = "p" * length
    assert passwords.verify(password, passwords.hash_password(password)) == (True, None)
