"""A private ``redis-server`` the tests may stop and start (the machine's shared one is left alone)."""

from __future__ import annotations

import contextlib
import subprocess
import time
from pathlib import Path

import redis

from tests.support.live_server import free_port


class RedisProcess:
    """``redis-server`` on a free port of 127.0.0.1, without persistence, as the shared one runs (docs/running.md)."""

    def __init__(self, executable: str, folder: Path) -> None:
        self.executable = executable
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 10) -> None:
        """Start the server and wait until it answers PING."""
        cmd = [
            self.executable,
            *("--bind", "127.0.0.1", "--port", str(self.port)),
            *("--save", "", "--appendonly", "no"),
            *("--dir", str(self.folder), "--logfile", str(self.folder / "redis.log")),
        ]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if redis.Redis.from_url(self.url, socket_timeout=1).ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        self.stop()
        msg = f"redis-server did not answer on port {self.port} within {timeout:.0f}s (see {self.folder})"
        raise RuntimeError(msg)

    def restart(self) -> None:
        """``SHUTDOWN NOSAVE`` (every key is gone), then start again on the same port."""
        with contextlib.suppress(redis.ConnectionError):  # the server closes the connection as it exits
            redis.Redis.from_url(self.url, socket_timeout=5).shutdown(nosave=True)
        if self.proc is not None:
            self.proc.wait(timeout=10)
        self.start()

    def stop(self) -> None:
        """Stop the server."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
