"""Bring the database to the newest schema (alembic) and seed the demo data; idempotent."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from bankchat import logs
from bankchat.db import get_engine
from bankchat.settings import get_settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger("bankchat.migrate")

MIGRATION_LOCK_KEY = 0x42414E4B
"""PostgreSQL advisory lock held while migrating ("BANK")."""


def upgrade_database() -> None:
    """Apply every alembic migration up to head."""
    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    cfg.attributes["configure_logger"] = False
    with get_engine().begin() as connection:
        if connection.dialect.name == "postgresql":
            # Several workers start at once: one migrates, the others wait and then find nothing to do.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


def prepare_database() -> None:
    """Migrate, then seed the demo users when enabled."""
    from bankchat.services.seed import seed_demo_data

    upgrade_database()
    if get_settings().seed_demo_data:
        created = seed_demo_data()
        logs.event(log, "Database ready", demo_users_created=created)


if __name__ == "__main__":
    logs.configure()
    prepare_database()
