"""Pay the standing orders that are due, once, and exit: ``python -m bankchat.standing_orders_run`` (for cron).

Safe beside the app's own runs and other cron hosts: each order's due date is paid exactly once.
Exit status 1 if an order could not be settled (it is tried again on the next run).
"""

from __future__ import annotations

import sys

from bankchat.migrate import upgrade_database
from bankchat.services.standing_order_schedule import run_once


def main() -> int:
    """Migrate if needed, settle what is due, print what was done."""
    upgrade_database()
    report = run_once()
    print(f"standing orders: {report.paid} paid, {report.skipped} skipped, {report.contended} left to other workers")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
