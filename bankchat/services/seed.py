"""Demo data: the users ``manager``, ``alice`` and ``bob`` (for the demo only)."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from bankchat.db import session_scope
from bankchat.models import User
from bankchat.services import passwords

DEMO_PASSWORD = "Password123!"  # noqa: S105 - documented demo credential
DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("manager", "Morgan Manager", "manager"),
    ("alice", "Alice Anderson", "customer"),
    ("bob", "Bob Brown", "customer"),
)


def seed_demo_data() -> int:
    """Create the demo users that do not exist yet; returns how many were created."""
    created = 0
    for username, display_name, role in DEMO_USERS:
        try:
            with session_scope() as db:
                if db.exec(select(User).where(User.username == username)).first() is not None:
                    continue
                db.add(
                    User(
                        username=username,
                        display_name=display_name,
                        role=role,
                        password_hash=passwords.hash_password(DEMO_PASSWORD),
                    )
                )
            created += 1
        except IntegrityError:
            continue  # another worker seeded the same user first
    return created
