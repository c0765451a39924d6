"""The standing order executor: exactly once per due date, catch-up, insufficient funds, races and restarts.

Each test runs on SQLite and on PostgreSQL (when one listens on 127.0.0.1:5432): on
PostgreSQL two workers claim orders with ``FOR UPDATE SKIP LOCKED``; on SQLite the
unique run key alone turns a second attempt into a no-op.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, text
from sqlalchemy.engine import Engine
from sqlmodel import Session as Db
from sqlmodel import col, select

from bankchat.bank.schedules import Schedule
from bankchat.bank.standing_order_runs import RunReport, idempotency_key, run_due
from bankchat.bank.standing_orders import (
    StandingOrderRequest,
    cancel_standing_order,
    create_standing_order,
    recent_runs,
)
from bankchat.models import AuditEntry, LedgerEntry, StandingOrderRun, Transfer
from tests.bank.helpers import (
    assert_ledger_explains_balances,
    balances,
    make_customer,
    make_payee,
    open_account,
    postgres_database,
    postgres_reachable,
)
from tests.factories import fresh_database

CREATED = date(2026, 12, 7)

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not postgres_reachable(), reason="no PostgreSQL on 127.0.0.1:5432"),
    ),
]


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A fresh, migrated database per test (``run_due`` settles every order in it), configured as *the* one."""
    if request.param == "sqlite":
        with fresh_database(tmp_path_factory.mktemp("orders") / "orders.db") as engine:
            yield engine
    else:
        with postgres_database() as engine:
            yield engine


@dataclass(frozen=True)
class Customer:
    owner: int
    checking: int
    savings: int
    mum: int


def _customer(engine: Engine, *, checking: int = 1_000_000) -> Customer:
    with Db(engine) as db:
        owner = make_customer(db)
        c = open_account(db, owner, balance_cents=checking)
        s = open_account(db, owner, kind="savings")
        customer = Customer(owner, c, s, make_payee(db, owner))
        db.commit()
        return customer


def _order(engine: Engine, c: Customer, *, amount: int = 5_000, day: int = 1, to_savings: bool = False) -> int:
    target = {"target_account_id": c.savings} if to_savings else {"payee_id": c.mum}
    request = StandingOrderRequest(
        source_account_id=c.checking,
        amount_cents=amount,
        schedule=Schedule("monthly", day),
        start_date=CREATED,
        **target,  # type: ignore[arg-type]
    )
    with Db(engine) as db:
        view = create_standing_order(db=db, owner_id=c.owner, request=request, today=CREATED)
        db.commit()
        return view.id


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 6, 0, tzinfo=UTC)


def _runs(engine: Engine, order_id: int) -> list[tuple[date, str, str]]:
    with Db(engine) as db:
        rows = db.exec(
            select(StandingOrderRun)
            .where(StandingOrderRun.standing_order_id == order_id)
            .order_by(col(StandingOrderRun.due_date))
        ).all()
        return [(r.due_date, r.outcome, r.reason) for r in rows]


def _transfers(engine: Engine, owner: int) -> int:
    with Db(engine) as db:
        return int(db.exec(select(func.count()).select_from(Transfer).where(Transfer.owner_id == owner)).one())


def test_run_due_pays_once_with_a_ledger_posting_like_any_transfer(database: Engine) -> None:
    c = _customer(database)
    order = _order(database, c, amount=90_000, to_savings=True)

    report = run_due(now=_at(date(2027, 1, 1)))

    assert (report.paid, report.skipped) == (1, 0)
    assert _runs(database, order) == [(date(2027, 1, 1), "paid", "")]
    with Db(database) as db:
        assert balances(db, c.owner) == {c.checking: 1_000_000 - 90_000, c.savings: 90_000}
        assert_ledger_explains_balances(db, c.owner)
        transfer = db.exec(select(Transfer).where(Transfer.owner_id == c.owner)).one()
        assert transfer.idempotency_key == idempotency_key(order, date(2027, 1, 1))
        lines = db.exec(select(LedgerEntry.description).where(LedgerEntry.transfer_id == transfer.id)).all()
        assert sorted(lines) == [
            "Transfer from Everyday Checking (Standing order)",
            "Transfer to Savings (Standing order)",
        ]
        assert [r.transfer_reference for r in recent_runs(db=db, owner_id=c.owner, order_id=order)] == [
            transfer.reference
        ]


def test_run_due_before_the_due_date_pays_nothing(database: Engine) -> None:
    c = _customer(database)
    order = _order(database, c)

    assert run_due(now=_at(date(2026, 12, 31))) == RunReport()
    assert _runs(database, order) == []


def test_restart_across_a_due_date_pays_each_date_once(database: Engine) -> None:
    c = _customer(database)
    order = _order(database, c)

    run_due(now=_at(date(2026, 12, 31)))  # the last run before the server stops
    # ... the server is down over the 1st, restarts on the 2nd, runs (twice: two cron ticks) ...
    first = run_due(now=_at(date(2027, 1, 2)))
    again = run_due(now=_at(date(2027, 1, 2)))
    # ... and runs on the 1st of February, then once more after another restart the same day.
    feb = run_due(now=_at(date(2027, 2, 1)))
    feb_again = run_due(now=_at(date(2027, 2, 1)))

    assert (first.paid, again.paid, feb.paid, feb_again.paid) == (1, 0, 1, 0)
    assert _runs(database, order) == [(date(2027, 1, 1), "paid", ""), (date(2027, 2, 1), "paid", "")]
    assert _transfers(database, c.owner) == 2
    with Db(database) as db:
        assert balances(db, c.owner)[c.checking] == 1_000_000 - 2 * 5_000


def test_run_due_catches_up_every_date_missed_while_down(database: Engine) -> None:
    c = _customer(database)
    order = _order(database, c, day=31)

    report = run_due(now=_at(date(2027, 3, 5)))

    assert report.paid == 3
    assert [d for d, _, _ in _runs(database, order)] == [date(2026, 12, 31), date(2027, 1, 31), date(2027, 2, 28)]
    with Db(database) as db:
        assert_ledger_explains_balances(db, c.owner)


def test_insufficient_funds_skips_that_date_with_the_reason_and_pays_the_next(database: Engine) -> None:
    c = _customer(database, checking=10_000)
    order = _order(database, c, amount=90_000)

    january = run_due(now=_at(date(2027, 1, 1)))
    retried = run_due(now=_at(date(2027, 1, 1)))
    with database.begin() as conn:  # salary arrives
        conn.execute(
            text("UPDATE account SET balance_cents = balance_cents + 100000 WHERE id = :id"), {"id": c.checking}
        )
    february = run_due(now=_at(date(2027, 2, 1)))

    assert (january.skipped, retried.skipped, retried.paid, february.paid) == (1, 0, 0, 1)
    assert _runs(database, order) == [
        (date(2027, 1, 1), "skipped", "insufficient_funds"),
        (date(2027, 2, 1), "paid", ""),
    ]
    with Db(database) as db:
        skipped = recent_runs(db=db, owner_id=c.owner, order_id=order)[-1]
        assert "Not enough money" in skipped.detail
        assert skipped.transfer_reference is None
        actions = db.exec(select(AuditEntry.action).where(AuditEntry.subject_user_id == c.owner)).all()
        assert sorted(actions) == ["standing_order_created", "standing_order_paid", "standing_order_skipped"]


def test_a_cancelled_standing_order_is_not_paid(database: Engine) -> None:
    c = _customer(database)
    order = _order(database, c)
    with Db(database) as db:
        cancel_standing_order(db=db, owner_id=c.owner, order_id=order)
        db.commit()

    assert run_due(now=_at(date(2027, 5, 1))) == RunReport()
    assert _transfers(database, c.owner) == 0


def test_two_workers_racing_pay_every_due_date_exactly_once(database: Engine) -> None:
    customers = [_customer(database) for _ in range(4)]
    orders = [_order(database, c, amount=1_000 + i, day=day) for i, c in enumerate(customers) for day in (1, 15, 28)]
    start = threading.Barrier(2)
    reports: list[RunReport] = []

    def worker() -> None:
        start.wait()
        reports.append(run_due(now=_at(date(2027, 3, 1))))  # three months to catch up: 3 dates per order

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    until = date(2027, 3, 1)
    for i, order in enumerate(orders):
        wanted = Schedule("monthly", (1, 15, 28)[i % 3]).dates(CREATED, until)
        assert _runs(database, order) == [(d, "paid", "") for d in wanted]  # each date once, none missed
    assert sum(r.paid for r in reports) == 3 * len(orders)
    for c in customers:
        assert _transfers(database, c.owner) == 9
        with Db(database) as db:
            assert_ledger_explains_balances(db, c.owner)
    assert not any(r.failed for r in reports)


@pytest.mark.skipif(not postgres_reachable(), reason="no PostgreSQL on 127.0.0.1:5432")
def test_a_worker_holding_an_order_is_skipped_not_waited_for_and_a_crash_loses_nothing() -> None:
    """PostgreSQL: while another worker holds an order (mid-payment), a run skips it at once; when that worker
    dies before committing, its half-done work vanishes and the next run pays the date once."""
    with postgres_database() as engine:
        c = _customer(engine)
        order = _order(engine, c)
        other_worker = engine.connect()
        held = other_worker.begin()
        other_worker.execute(text("SELECT id FROM standing_order WHERE id = :id FOR UPDATE"), {"id": order})
        other_worker.execute(  # its payment, never committed
            text("UPDATE account SET balance_cents = balance_cents - 5000 WHERE id = :id"), {"id": c.checking}
        )

        reports: list[RunReport] = []
        runner = threading.Thread(target=lambda: reports.append(run_due(now=_at(date(2027, 1, 2)))))
        runner.start()
        runner.join(timeout=10)
        blocked = runner.is_alive()  # waiting for the other worker's lock instead of skipping the order
        held.rollback()  # the worker dies: nothing it did stays
        other_worker.close()
        runner.join()
        after_crash = run_due(now=_at(date(2027, 1, 2)))

        assert not blocked
        assert reports[0].paid == 0
        assert after_crash.paid == 1
        assert _runs(engine, order) == [(date(2027, 1, 1), "paid", "")]
        with Db(engine) as db:
            assert balances(db, c.owner)[c.checking] == 1_000_000 - 5_000
            assert_ledger_explains_balances(db, c.owner)
