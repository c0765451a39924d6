"""The app's own clock for standing orders: pays what is due every ``standing_orders_interval_seconds``.

Every worker of every server may run it: the executor (``bank/standing_order_runs.py``)
settles each order's due date exactly once, so more runners only mean sooner payments.
"""

from __future__ import annotations

import asyncio
import logging

from bankchat import readiness
from bankchat.bank.standing_order_runs import RunReport, run_due
from bankchat.settings import get_settings

log = logging.getLogger(__name__)


def run_once() -> RunReport:
    """Pay every due standing order now, logging what was done."""
    report = run_due()
    if report.paid or report.skipped or report.failed:
        log.info(
            "Standing orders settled",
            extra={"bankchat_fields": {"paid": report.paid, "skipped": report.skipped, "failed": len(report.failed)}},
        )
    return report


async def keep_paying() -> None:
    """Once the server is ready (migrated), run ``run_once`` in a thread, then every interval, until cancelled."""
    interval = get_settings().standing_orders_interval_seconds
    if interval <= 0:
        return
    while not readiness.is_ready():
        await asyncio.sleep(1)
    while True:
        try:
            await asyncio.to_thread(run_once)
        except Exception:  # a database outage must not end the loop; the next tick catches up
            log.exception("The standing order run failed; retrying at the next interval")
        await asyncio.sleep(interval)
