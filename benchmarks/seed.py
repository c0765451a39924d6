"""Benchmark users, their conversations and stored history, written straight into the app's database.

Run in the app's environment (``REFLEX_DB_URL`` set), after the app has migrated:
``python -m benchmarks.seed '<json list of UserSpec>'``. Conversations are made by
``ChatService.start_conversation`` (SessionManager issues every ID); the history
rows are bulk inserts of ``Message``, dated more than a minute back so that the
per-user rate limit does not count them.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert, update
from sqlmodel import Session as Db
from sqlmodel import SQLModel, select

BENCH_PASSWORD = "bench-Password-123"  # noqa: S105 - a throw-away benchmark user on a throw-away database
FILLER = "How much did I spend on groceries last month, and what is the balance of my savings account?"
"""An 80-character stored message (about what the notes measured per message)."""


@dataclass(frozen=True)
class UserSpec:
    """One benchmark customer."""

    username: str
    sessions: int = 1
    """Open conversations; the most recent one (shown on sign-in) is created last."""
    messages: int = 0
    """Stored messages in the most recent conversation."""
    other_messages: int = 0
    """Stored messages in each of the other conversations."""
    bank: bool = True
    """Give the user the demo bank (accounts, cards, 90 days of history) so the agents have data."""


def seed(specs: list[UserSpec]) -> dict[str, int]:
    """Create the users that do not exist yet; returns ``{username: user id}``."""
    from bankchat.bank import seed_bank_demo
    from bankchat.db import session_scope
    from bankchat.models import ChatSession, Message, Session, User, utcnow
    from bankchat.services import UserView, chat_service, passwords

    password_hash = passwords.hash_password(BENCH_PASSWORD)  # one hash serves every user: the same password
    ids: dict[str, int] = {}
    for spec in specs:
        with session_scope() as db:
            existing = db.exec(select(User).where(User.username == spec.username)).first()
            if existing is not None:
                ids[spec.username] = int(existing.id or 0)
                continue
            user = User(username=spec.username, display_name=f"Bench {spec.username}", password_hash=password_hash)
            db.add(user)
            db.flush()
            assert user.id is not None
            ids[spec.username] = user.id
            if spec.bank:
                seed_bank_demo(db=db, user_id=user.id, username=spec.username, today=utcnow().date())
        view = UserView(
            id=ids[spec.username], username=spec.username, display_name=f"Bench {spec.username}", role="customer"
        )
        for number in range(spec.sessions):
            with session_scope() as db:
                conversation = chat_service().start_conversation(db=db, user=view, metadata={"channel": "bench"})
                newest = number == spec.sessions - 1
                count = spec.messages if newest else spec.other_messages
                _insert_history(db, Message, conversation.session_id, count, utcnow() - timedelta(minutes=5))
                db.execute(
                    update(ChatSession)
                    .where(ChatSession.session_id == conversation.session_id)  # type: ignore[arg-type]
                    .values(message_count=count, title=f"Conversation {number + 1}")
                )
                db.execute(
                    update(Session)
                    .where(Session.id == conversation.session_id)  # type: ignore[arg-type]
                    .values(last_activity_at=utcnow() - timedelta(seconds=spec.sessions - number))
                )
    return ids


def _insert_history(db: Db, message: type[SQLModel], session_id: str, count: int, end: datetime) -> None:
    if count <= 0:
        return
    rows = [
        {
            "session_id": session_id,
            "role": "user" if i % 2 == 0 else "assistant",
            "content": FILLER,
            "agent": None if i % 2 == 0 else "smalltalk",
            "trace": {},
            "created_at": end - timedelta(seconds=count - i),
        }
        for i in range(count)
    ]
    for start in range(0, count, 2_000):
        db.execute(insert(message), rows[start : start + 2_000])


def main(argv: list[str]) -> int:
    """``python -m benchmarks.seed '<json>'``: prints ``{username: id}`` as JSON."""
    specs = [UserSpec(**item) for item in json.loads(argv[0])]
    print(json.dumps(seed(specs)))
    return 0


def spec_json(specs: list[UserSpec]) -> str:
    """The command-line argument for these users."""
    return json.dumps([asdict(s) for s in specs])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
