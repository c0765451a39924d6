"""docs/architecture.md, invariant 4 (Money) under concurrency: no overdraft, nothing lost, nothing doubled.

Runs against a fresh SQLite database and, when one listens on 127.0.0.1:5432,
a fresh PostgreSQL database. Every worker thread uses its own session and
transaction (``submit_transfer``), as concurrent requests would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session as Db
from sqlmodel import select

from bankchat.bank import TransferRequest, TransferView, _posting, execute_transfer, submit_transfer
from bankchat.errors import TransferRejected
from bankchat.models import LedgerEntry, Transfer
from tests.bank.helpers import (
    assert_ledger_explains_balances,
    balances,
    count_transfers,
    make_customer,
    make_payee,
    open_account,
    postgres_database,
    postgres_reachable,
)
from tests.factories import fresh_database

WORKERS = 50

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not postgres_reachable(), reason="no PostgreSQL on 127.0.0.1:5432 (or psycopg2 missing)"
        ),
    ),
]


@pytest.fixture(scope="module", params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A fresh, migrated database of the backend, configured as *the* database meanwhile."""
    if request.param == "sqlite":
        with fresh_database(tmp_path_factory.mktemp("money") / "money.db") as engine:
            yield engine
    else:
        with postgres_database() as engine:
            yield engine


@dataclass(frozen=True)
class Customer:
    owner: int
    checking: int
    savings: int
    payee: int


def _customer(
    engine: Engine, *, checking: int = 10_000, savings: int = 0, overdraft: int = 0, daily: int = 10_000_000
) -> Customer:
    with Db(engine) as db:
        owner = make_customer(db)
        c = open_account(db, owner, balance_cents=checking, overdraft_cents=overdraft, daily_limit_cents=daily)
        s = open_account(db, owner, kind="savings", balance_cents=savings)
        customer = Customer(owner, c, s, make_payee(db, owner))
        db.commit()
        return customer


def _together(n: int, work: Callable[[int], Any]) -> list[Any]:
    """Run ``work(0..n-1)`` in ``n`` threads released at the same moment; results or raised exceptions."""
    start = threading.Barrier(n)

    def one(i: int) -> Any:
        start.wait()
        try:
            return work(i)
        except Exception as exc:  # noqa: BLE001 - the test inspects every outcome
            return exc

    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(one, range(n)))


def _send(customer: Customer, amount: int, key: str, **target: int) -> TransferView:
    request = TransferRequest(customer.checking, amount, **(target or {"target_account_id": customer.savings}))
    return submit_transfer(owner_id=customer.owner, request=request, idempotency_key=key)


def _state(engine: Engine, owner: int) -> tuple[dict[int, int], int, int]:
    with Db(engine) as db:
        rows = db.exec(select(LedgerEntry.id).join(Transfer).where(Transfer.owner_id == owner)).all()
        return balances(db, owner), count_transfers(db, owner), len(rows)


def _check_ledger(engine: Engine, customer: Customer, overdraft: int = 0) -> None:
    with Db(engine) as db:
        assert_ledger_explains_balances(db, customer.owner)
        lowest = min(
            db.exec(select(LedgerEntry.balance_after_cents).where(LedgerEntry.account_id == customer.checking)).all()
        )
        assert lowest >= -overdraft, "the account was overdrawn at some point"


def _outcomes(results: list[Any]) -> tuple[list[TransferView], list[str]]:
    done = [r for r in results if isinstance(r, TransferView)]
    refused = [r.code for r in results if isinstance(r, TransferRejected)]
    unexpected = [r for r in results if not isinstance(r, TransferView | TransferRejected)]
    assert not unexpected, unexpected
    return done, refused


@pytest.mark.parametrize("overdraft", [0, 1_000])
def test_concurrent_transfers_never_overdraw_and_keep_the_total(database: Engine, overdraft: int) -> None:
    customer = _customer(database, checking=10_000, overdraft=overdraft)
    total_before = sum(_state(database, customer.owner)[0].values())

    done, refused = _outcomes(_together(WORKERS, lambda i: _send(customer, 300, f"k{i}")))

    assert len(done) == (10_000 + overdraft) // 300
    assert set(refused) == {"insufficient_funds"}
    assert len(done) + len(refused) == WORKERS
    after, transfers, legs = _state(database, customer.owner)
    assert after[customer.checking] == 10_000 - 300 * len(done) >= -overdraft
    assert after[customer.savings] == 300 * len(done)
    assert sum(after.values()) == total_before
    assert (transfers, legs) == (len(done), 2 * len(done))
    _check_ledger(database, customer, overdraft)


def test_concurrent_payee_transfers_lower_the_total_by_exactly_what_left(database: Engine) -> None:
    customer = _customer(database, checking=10_000, savings=5_000)
    total_before = sum(_state(database, customer.owner)[0].values())

    done, refused = _outcomes(_together(WORKERS, lambda i: _send(customer, 700, f"p{i}", payee_id=customer.payee)))

    assert len(done) == 10_000 // 700
    assert set(refused) == {"insufficient_funds"}
    after, transfers, legs = _state(database, customer.owner)
    assert sum(after.values()) == total_before - sum(v.amount_cents for v in done)
    assert after[customer.savings] == 5_000
    assert (transfers, legs) == (len(done), len(done))
    _check_ledger(database, customer)


def test_concurrent_opposite_transfers_complete_without_deadlock(database: Engine) -> None:
    customer = _customer(database, checking=5_000, savings=5_000)

    def work(i: int) -> TransferView:
        source, target = (customer.checking, customer.savings) if i % 2 else (customer.savings, customer.checking)
        request = TransferRequest(source, 100, target_account_id=target)
        return submit_transfer(owner_id=customer.owner, request=request, idempotency_key=f"o{i}")

    done, refused = _outcomes(_together(40, work))

    assert (len(done), refused) == (40, [])
    assert _state(database, customer.owner)[0] == {customer.checking: 5_000, customer.savings: 5_000}
    _check_ledger(database, customer)


def test_concurrent_transfers_hold_the_daily_limit(database: Engine) -> None:
    customer = _customer(database, checking=100_000, daily=1_000)

    done, refused = _outcomes(_together(20, lambda i: _send(customer, 100, f"d{i}")))

    assert len(done) == 10
    assert set(refused) == {"over_daily_limit"}
    assert _state(database, customer.owner)[0][customer.checking] == 99_000
    _check_ledger(database, customer)


def test_same_key_concurrently_moves_money_once(database: Engine) -> None:
    customer = _customer(database, checking=10_000)

    done, refused = _outcomes(_together(20, lambda i: _send(customer, 1_000, "the-one-key")))

    assert (len(done), refused) == (20, [])
    assert len({v.id for v in done}) == 1
    assert sorted(v.replayed for v in done) == [False] + [True] * 19
    assert {v.source_balance_after_cents for v in done} == {9_000}
    after, transfers, legs = _state(database, customer.owner)
    assert (after[customer.checking], transfers, legs) == (9_000, 1, 2)


def test_same_key_sequentially_moves_money_once(database: Engine) -> None:
    customer = _customer(database, checking=10_000)

    first = _send(customer, 2_500, "again")
    second = _send(customer, 2_500, "again")

    assert (first.id, first.replayed) == (second.id, False)
    assert second.replayed is True
    assert _state(database, customer.owner)[:2] == ({customer.checking: 7_500, customer.savings: 2_500}, 1)


class DiskOnFire(RuntimeError):
    """The failure injected between the debit and the credit."""


def _fail(*_args: object, **_kwargs: object) -> None:
    raise DiskOnFire


def test_failure_after_debit_before_credit_leaves_nothing(database: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    customer = _customer(database, checking=10_000, savings=1_000)
    before = _state(database, customer.owner)
    monkeypatch.setattr(_posting, "credit", _fail)

    with pytest.raises(DiskOnFire):
        _send(customer, 4_000, "boom")

    assert _state(database, customer.owner) == before


def test_failure_writing_the_second_ledger_row_leaves_nothing(
    database: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    customer = _customer(database, checking=10_000)
    before = _state(database, customer.owner)
    real_post, calls = _posting.post, []

    def post_once(*args: Any, **kwargs: Any) -> LedgerEntry:
        calls.append(kwargs["account_id"])
        if len(calls) == 2:
            raise DiskOnFire
        return real_post(*args, **kwargs)

    monkeypatch.setattr(_posting, "post", post_once)

    with pytest.raises(DiskOnFire):
        _send(customer, 4_000, "boom")

    assert calls == [customer.checking, customer.savings]
    assert _state(database, customer.owner) == before


def test_failure_in_callers_session_is_rolled_back_even_if_caller_commits(
    database: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    customer = _customer(database, checking=10_000)
    before = _state(database, customer.owner)
    monkeypatch.setattr(_posting, "credit", _fail)

    request = TransferRequest(customer.checking, 4_000, target_account_id=customer.savings)

    with Db(database) as db:
        with pytest.raises(DiskOnFire):
            execute_transfer(db=db, owner_id=customer.owner, request=request, idempotency_key="careless")
        db.commit()

    assert _state(database, customer.owner) == before


@pytest.mark.parametrize("amount", [0, -1, -10_000, 1.5, "100", None, True, 2**70])
def test_invalid_amounts_are_refused_and_change_nothing(database: Engine, amount: Any) -> None:
    customer = _customer(database, checking=10_000)
    before = _state(database, customer.owner)

    with pytest.raises(TransferRejected) as refused:
        _send(customer, amount, f"bad-{amount!r}")

    assert refused.value.code == "invalid_amount"
    assert _state(database, customer.owner) == before
