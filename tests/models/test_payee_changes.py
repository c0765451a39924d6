"""Migration 0011: payees gain ``removed_at`` and ``details_hash``; names are unique among listed payees only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session as Db

from tests.bank.helpers import postgres_database, postgres_reachable
from tests.factories import fresh_database, make_user, migrate_to


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A fresh database of each kind (SQLite rebuilds the table by hand, PostgreSQL alters it in place)."""
    if request.param == "sqlite":
        with fresh_database(tmp_path_factory.mktemp("payee-changes") / "payees.db") as engine:
            yield engine
        return
    if not postgres_reachable():
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432")
    with postgres_database() as engine:
        yield engine


def _foreign_keys_hold(engine: Engine) -> bool:
    """SQLite's own check of every foreign key (PostgreSQL never lets one break)."""
    if engine.dialect.name != "sqlite":
        return True
    with engine.connect() as c:
        return c.execute(text("PRAGMA foreign_key_check")).all() == []


def _old_payee_with_a_transfer(engine: Engine) -> tuple[int, int]:
    """A customer, a payee written with the columns of 0010 and a transfer to it: (owner ID, payee ID)."""
    with Db(engine) as db:
        owner = make_user(db).id
        db.commit()
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO payee (owner_id, name, nickname, bank_name, masked_account, sort_code, created_at)"
                " VALUES (:o, 'Bob Brown', 'bob', 'Monzo', '•••• 1234', '••-••-45', '2026-01-01 00:00:00')"
            ),
            {"o": owner},
        )
        payee = c.execute(text("SELECT id FROM payee WHERE owner_id = :o"), {"o": owner}).scalar_one()
        c.execute(
            text(
                "INSERT INTO account (owner_id, name, kind, masked_number, currency, balance_cents,"
                " credit_limit_cents, overdraft_limit_cents, daily_transfer_limit_cents, created_at)"
                " VALUES (:o, 'Checking', 'checking', '•••• 1', 'GBP', 0, 0, 0, 100, '2026-01-01 00:00:00')"
            ),
            {"o": owner},
        )
        account = c.execute(text("SELECT id FROM account WHERE owner_id = :o"), {"o": owner}).scalar_one()
        c.execute(
            text(
                "INSERT INTO transfer (owner_id, source_account_id, payee_id, amount_cents, currency, memo,"
                " idempotency_key, status, created_at, reference)"
                " VALUES (:o, :a, :p, 100, 'GBP', '', 'k1', 'completed', '2026-01-01 00:00:00', 'TR-TEST')"
            ),
            {"o": owner, "a": account, "p": payee},
        )
    assert owner is not None
    return owner, payee


def _insert(engine: Engine, owner: int, name: str, removed: bool) -> None:
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO payee (owner_id, name, nickname, bank_name, masked_account, sort_code, created_at,"
                " removed_at) VALUES (:o, :n, '', 'Monzo', '•••• 1', '••-••-1', '2026-01-01 00:00:00', :r)"
            ),
            {"o": owner, "n": name, "r": "2026-02-01 00:00:00" if removed else None},
        )


def test_upgrade_keeps_payees_and_their_transfers_and_frees_the_name_of_a_removed_one(engine: Engine) -> None:
    migrate_to(engine, "0010", down=True)
    owner, payee = _old_payee_with_a_transfer(engine)

    migrate_to(engine, "head")

    with engine.connect() as c:
        row = c.execute(text("SELECT id, name, removed_at, details_hash FROM payee WHERE owner_id = :o"), {"o": owner})
        assert row.one() == (payee, "Bob Brown", None, None)
        assert c.execute(text("SELECT payee_id FROM transfer WHERE reference = 'TR-TEST'")).scalar_one() == payee
    assert _foreign_keys_hold(engine)
    with pytest.raises(IntegrityError, match=r"(?i)unique"):
        _insert(engine, owner, "Bob Brown", removed=False)
    with engine.begin() as c:
        c.execute(text("UPDATE payee SET removed_at = '2026-03-01 00:00:00' WHERE id = :p"), {"p": payee})
    _insert(engine, owner, "Bob Brown", removed=False)  # the removed Bob no longer holds the name


def test_downgrade_lists_removed_payees_again_under_a_suffixed_name(engine: Engine) -> None:
    migrate_to(engine, "0010", down=True)
    owner, payee = _old_payee_with_a_transfer(engine)
    migrate_to(engine, "head")
    with engine.begin() as c:
        c.execute(text("UPDATE payee SET removed_at = '2026-03-01 00:00:00' WHERE id = :p"), {"p": payee})
    _insert(engine, owner, "Bob Brown", removed=False)

    migrate_to(engine, "0010", down=True)

    with engine.connect() as c:
        names = sorted(c.execute(text("SELECT name FROM payee WHERE owner_id = :o"), {"o": owner}).scalars())
    columns = [column["name"] for column in inspect(engine).get_columns("payee")]
    assert _foreign_keys_hold(engine)
    assert names == ["Bob Brown", f"Bob Brown (removed {payee})"]
    assert "removed_at" not in columns
    migrate_to(engine, "head")
