"""The standing order tables as the migrations build them: the exactly-once key and the checks live in the database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session as Db

from bankchat.models import StandingOrder, StandingOrderRun
from tests.bank.helpers import make_customer, make_payee, open_account
from tests.factories import fresh_database, migrate_to


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    with fresh_database(tmp_path_factory.mktemp("standing-models") / "so.db") as engine:
        yield engine


@pytest.fixture
def db(engine: Engine) -> Iterator[Db]:
    with Db(engine) as db:
        yield db
        db.rollback()


def _order(db: Db, **changes: object) -> StandingOrder:
    owner = make_customer(db)
    fields: dict[str, object] = {
        "owner_id": owner,
        "source_account_id": open_account(db, owner),
        "payee_id": make_payee(db, owner),
        "amount_cents": 5_000,
        "frequency": "monthly",
        "day": 1,
        "start_date": date(2027, 1, 1),
        "next_due": date(2027, 1, 1),
    }
    fields.update(changes)
    order = StandingOrder(**fields)  # type: ignore[arg-type]
    db.add(order)
    return order


def test_a_second_run_for_the_same_order_and_date_is_refused(db: Db) -> None:
    order = _order(db)
    db.flush()
    assert order.id is not None
    db.add(StandingOrderRun(standing_order_id=order.id, due_date=date(2027, 1, 1), outcome="skipped", reason="x"))
    db.flush()

    db.add(StandingOrderRun(standing_order_id=order.id, due_date=date(2027, 1, 1), outcome="skipped", reason="y"))
    with pytest.raises(IntegrityError, match="UNIQUE"):
        db.flush()


@pytest.mark.parametrize(
    "changes",
    [
        {"amount_cents": 0},
        {"payee_id": None},
        {"day": 32},
        {"frequency": "weekly", "day": 7},
        {"frequency": "daily"},
        {"status": "paused"},
    ],
)
def test_the_database_refuses_an_impossible_standing_order(db: Db, changes: dict[str, object]) -> None:
    _order(db, **changes)

    with pytest.raises(IntegrityError, match=r"CHECK|NOT NULL"):
        db.flush()


def test_a_paid_run_needs_its_transfer(db: Db) -> None:
    order = _order(db)
    db.flush()
    assert order.id is not None
    db.add(StandingOrderRun(standing_order_id=order.id, due_date=date(2027, 2, 1), outcome="paid"))

    with pytest.raises(IntegrityError, match="CHECK"):
        db.flush()


def test_migration_0012_downgrades_and_upgrades_again(tmp_path_factory: pytest.TempPathFactory) -> None:
    with fresh_database(tmp_path_factory.mktemp("so-migration") / "m.db") as engine:
        migrate_to(engine, "0010", down=True)
        with engine.connect() as conn:
            assert not engine.dialect.has_table(conn, "standing_order")
        migrate_to(engine, "head")
        with engine.connect() as conn:
            assert engine.dialect.has_table(conn, "standing_order_run")
