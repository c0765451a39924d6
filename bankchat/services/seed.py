"""Demo data: the users ``manager``, ``alice`` and ``bob`` (for the demo only), each with a bank history."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from bankchat.bank import seed_bank_demo
from bankchat.db import session_scope
from bankchat.models import User, utcnow
from bankchat.services import passwords

DEMO_PASSWORD = "Password123!"  # noqa: S105 - documented demo credential
DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("manager", "Morgan Manager", "manager"),
    ("alice", "Alice Anderson", "customer"),
    ("bob", "Bob Brown", "customer"),
)


def seed_demo_data() -> int:
    """Create the demo users that do not exist yet; returns how many were created.

    Every demo user without accounts also gets the demo bank (three accounts,
    cards, payees and about 90 days of history ending today), each user in one
    transaction. Running it again, or in several workers at once, adds nothing.
    """
    created = 0
    for username, display_name, role in DEMO_USERS:
        is_new = False
        try:
            with session_scope() as db:
                user = db.exec(select(User).where(User.username == username)).first()
                if user is None:
                    is_new = True
                    user = User(
                        username=username,
                        display_name=display_name,
                        role=role,
                        password_hash=passwords.hash_password(DEMO_PASSWORD),
                    )
                    db.add(user)
                    db.flush()
                assert user.id is not None
                seed_bank_demo(db=db, user_id=user.id, username=username, today=utcnow().date())
        except IntegrityError:
            continue  # another worker seeded the same user (or their bank) first
        created += is_new
    return created
