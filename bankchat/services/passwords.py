"""Password hashing: passlib's CryptContext with argon2id (through argon2-cffi)."""

from __future__ import annotations

from functools import lru_cache

from passlib.context import CryptContext

from bankchat.settings import get_settings

MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_CHARS = 1024
"""Longest password accepted; longer input is refused, never silently truncated."""


@lru_cache(maxsize=4)
def _context(memory_kib: int, time_cost: int, parallelism: int) -> CryptContext:
    return CryptContext(
        schemes=["argon2"],
        deprecated="auto",
        argon2__type="ID",
        argon2__memory_cost=memory_kib,
        argon2__rounds=time_cost,
        argon2__parallelism=parallelism,
    )


def context() -> CryptContext:
    """The CryptContext for the configured argon2id parameters."""
    s = get_settings()
    return _context(s.argon2_memory_kib, s.argon2_time_cost, s.argon2_parallelism)


@lru_cache(maxsize=4)
def _dummy_hash(memory_kib: int, time_cost: int, parallelism: int) -> str:
    return _context(memory_kib, time_cost, parallelism).hash("dummy password for timing")


def hash_password(password: str) -> str:
    """Hash a new password; refuses one that is too short or too long."""
    if not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS:
        msg = f"a password has {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters"
        raise ValueError(msg)
    return context().hash(password)


def verify(password: str, stored_hash: str | None) -> tuple[bool, str | None]:
    """Check a password; returns ``(ok, new_hash)``, ``new_hash`` set when parameters changed.

    With no stored hash (unknown user) a dummy hash is verified so that timing
    does not reveal which usernames exist. A corrupt stored hash fails closed.
    """
    ctx = context()
    if stored_hash is None:
        s = get_settings()
        ctx.verify(password, _dummy_hash(s.argon2_memory_kib, s.argon2_time_cost, s.argon2_parallelism))
        return False, None
    try:
        return ctx.verify_and_update(password, stored_hash)
    except (ValueError, TypeError):
        return False, None
