"""Factories and helpers for the unit tests: users, conversations, settings, a fake orchestrator."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import func, text
from sqlalchemy.engine import Engine
from sqlmodel import Session as Db
from sqlmodel import SQLModel, select

from bankchat.agents.types import Reply, Turn
from bankchat.db import engine_for
from bankchat.migrate import PROJECT_ROOT, upgrade_database
from bankchat.models import DEFAULT_TITLE, Session, User
from bankchat.services import passwords
from bankchat.services.session_manager import new_session_id
from bankchat.services.views import UserView
from bankchat.settings import Settings, get_settings

DEFAULT_PASSWORD = "Correct-Horse-42"


def unique_username(prefix: str = "user") -> str:
    """A username no other test uses."""
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def make_user(
    db: Db,
    *,
    username: str | None = None,
    display_name: str = "Casey Customer",
    password: str = DEFAULT_PASSWORD,
    role: str = "customer",
    is_active: bool = True,
) -> User:
    """Add and flush a user with a real argon2id hash of ``password``."""
    user = User(
        username=username or unique_username(),
        display_name=display_name,
        role=role,
        password_hash=passwords.hash_password(password),
        is_active=is_active,
    )
    db.add(user)
    db.flush()
    return user


def make_user_view(db: Db, **kwargs: object) -> UserView:
    """``make_user``, returned as the public view the services take."""
    return UserView.of(make_user(db, **kwargs))  # type: ignore[arg-type]


def count_rows(db: Db, model: type[SQLModel]) -> int:
    """How many rows the table of ``model`` holds."""
    return db.exec(select(func.count()).select_from(model)).one()


@contextmanager
def settings_env(**env: str) -> Iterator[Settings]:
    """Settings read with extra environment variables; both are restored afterwards.

    Example: ``with settings_env(BANKCHAT_ARGON2_TIME_COST="2") as s: ...``.
    """
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    get_settings.cache_clear()
    try:
        yield get_settings()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        get_settings.cache_clear()


@contextmanager
def fresh_database(path: Path) -> Iterator[Engine]:
    """A new SQLite database at ``path``, migrated to head and configured as *the* database meanwhile."""
    url = f"sqlite:///{path}"
    with settings_env(REFLEX_DB_URL=url):
        upgrade_database()
        engine = engine_for(url)
        try:
            yield engine
        finally:
            engine.dispose()


class AgentsDown(RuntimeError):
    """What the fake orchestrator raises when told to fail."""


def migrate_to(engine: Engine, revision: str, *, down: bool = False) -> None:
    """Run the alembic migrations on ``engine`` up (or ``down``) to ``revision``."""
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    cfg.attributes["configure_logger"] = False
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(cfg, revision)


def old_conversation(engine: Engine, title: str = DEFAULT_TITLE) -> str:
    """A committed conversation written with the columns ``chat_session`` had at 0001; its session ID.

    For tests that migrate down first: the ``ChatSession`` model names columns added later.
    """
    with Db(engine) as db:
        user = make_user(db)
        assert user.id is not None
        session_id = new_session_id()
        db.add(Session(id=session_id, user_id=user.id))
        db.commit()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO chat_session (session_id, user_id, title, user_data, message_count, created_at,"
                " updated_at) SELECT id, user_id, :title, '{}', 0, created_at, created_at FROM session WHERE id = :id"
            ),
            {"title": title, "id": session_id},
        )
    return session_id


def _default_reply() -> Reply:
    return Reply(content="Fake reply", agent="fake", intent="testing", confidence=0.5, actions=[{"tool": "none"}])


@dataclass
class FakeOrchestrator:
    """An ``Orchestrator`` that records every turn and answers with a fixed reply (or fails)."""

    reply: Reply = field(default_factory=_default_reply)
    fail_times: int = 0
    """How many of the next calls raise ``AgentsDown`` before answering again."""
    turns: list[Turn] = field(default_factory=list)
    streams: bool = False
    """Never: the fixed reply comes whole."""

    def respond(self, turn: Turn) -> Reply:
        self.turns.append(turn)
        if self.fail_times > 0:
            self.fail_times -= 1
            raise AgentsDown("the agents are down")
        return self.reply
