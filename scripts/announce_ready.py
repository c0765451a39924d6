"""Print BankChat's address once ``/api/health`` answers 200 (``scripts/run.sh`` runs it beside the server).

Usage: ``python scripts/announce_ready.py PORT SERVER_PID``. Exits quietly if the server
stops first: the server's own output says why.
"""

from __future__ import annotations

import os
import sys
import time
import urllib.request


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def main(port: str, server_pid: int) -> int:
    """Wait for readiness, then announce the address and the demo users."""
    while _alive(server_pid):
        try:
            urllib.request.urlopen(f"http://localhost:{port}/api/health", timeout=2).close()
        except OSError:  # not listening yet, or 503 while it prepares
            time.sleep(1)
            continue
        print(f"run: BankChat is ready: open http://localhost:{port}", flush=True)
        print(f"run:   or under any other address of this machine on port {port} (127.0.0.1, its name)")
        print("run: demo users (for the demo only): manager, alice, bob, each with password Password123!")
        print("run: Ctrl-C stops it.", flush=True)
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
