"""What the fault tests injected and what they measured afterwards, summed over the run.

Each test counts the faults it injects and then *measures* what was lost or
doubled (expected rows that are missing, rows or transfers beyond the expected
ones) before asserting both are zero, so the summary line reports measurements,
not hopes. ``conftest.py`` prints it at the end of the run.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FaultTally:
    injected: int = 0
    lost: int = 0
    doubled: int = 0
    server_errors: int = 0
    """HTTP 5xx answers seen while a fault was active (an error the client may retry)."""

    def inject(self, n: int = 1) -> None:
        """Count ``n`` faults that actually fired."""
        self.injected += n

    def settle(self, *, expected: int, stored: int, what: str) -> None:
        """Record how many of ``what`` were lost or doubled, then insist on neither."""
        self.lost += max(0, expected - stored)
        self.doubled += max(0, stored - expected)
        assert stored == expected, f"{what}: expected {expected}, stored {stored}"

    def summary(self) -> str:
        return (
            f"faults injected: {self.injected}, lost: {self.lost}, doubled: {self.doubled}, 5xx: {self.server_errors}"
        )


TALLY = FaultTally()
