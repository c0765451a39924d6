"""``python -m bankchat.standing_orders_run``: the cron entry point pays what is due once, whoever runs it."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session as Db
from sqlmodel import select

from bankchat.bank.schedules import Schedule
from bankchat.bank.standing_orders import StandingOrderRequest, create_standing_order
from bankchat.migrate import PROJECT_ROOT
from bankchat.models import StandingOrderRun
from bankchat.services.standing_order_schedule import keep_paying
from bankchat.settings import get_settings
from tests.bank.helpers import make_customer, make_payee, open_account
from tests.factories import fresh_database


def _run(url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REFLEX_DB_URL": url, "BANKCHAT_SEED_DEMO_DATA": "false"}
    return subprocess.run(
        [sys.executable, "-m", "bankchat.standing_orders_run"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_standing_orders_run_pays_a_due_order_once(tmp_path: Path) -> None:
    path = tmp_path / "cron.db"
    today = date.today()
    with fresh_database(path) as engine, Db(engine) as db:
        owner = make_customer(db)
        checking = open_account(db, owner, balance_cents=100_000)
        request = StandingOrderRequest(
            source_account_id=checking,
            amount_cents=2_500,
            schedule=Schedule("weekly", today.weekday()),
            start_date=today,
            payee_id=make_payee(db, owner),
        )
        order = create_standing_order(db=db, owner_id=owner, request=request, today=today)
        db.commit()

    first, second = _run(f"sqlite:///{path}"), _run(f"sqlite:///{path}")

    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    assert "1 paid, 0 skipped" in first.stdout
    assert "0 paid, 0 skipped" in second.stdout
    with fresh_database(path) as engine, Db(engine) as db:
        runs = db.exec(select(StandingOrderRun).where(StandingOrderRun.standing_order_id == order.id)).all()
        assert [(r.due_date, r.outcome) for r in runs] == [(today, "paid")]


def test_keep_paying_is_off_when_the_interval_is_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BANKCHAT_STANDING_ORDERS_INTERVAL_SECONDS", "0")
    get_settings.cache_clear()
    try:
        # returns at once: no loop when switched off (run on a thread of its own: the browser tests leave an
        # event loop running on this one, where asyncio.run refuses to start another)
        with ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, asyncio.wait_for(keep_paying(), timeout=5)).result()
    finally:
        get_settings.cache_clear()
