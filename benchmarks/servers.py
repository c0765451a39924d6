"""The apps under test, each run for real (``reflex run --env prod``) from its own copy of the tree.

A copy per run keeps ``.web/`` and the databases away from the checkout, where
the test suite and other people build and run the app at the same time.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import psutil

REPO = Path(__file__).resolve().parents[1]
COPY_IGNORED = shutil.ignore_patterns(
    ".git",
    ".web",
    ".states",
    ".venv*",
    ".tools",
    ".cache",
    "node_modules",
    "__pycache__",
    "*.db",
    "*.db-*",
    "results",
    "tests",
    "test-results",
    ".pytest_cache",
    ".ruff_cache",
    ".env",
)
INHERITED_SETTINGS = ("BANKCHAT_", "REFLEX_", "GRANIAN_", "FLOOR_")
"""Settings of the calling environment (a test run sets many) that never reach the apps: each run sets its own."""


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def copy_tree(source: Path, target: Path) -> Path:
    """``source`` copied to ``target`` without build output, databases, virtualenvs or tests."""
    shutil.copytree(source, target, ignore=COPY_IGNORED, dirs_exist_ok=True)
    return target


def tool_env() -> dict[str, str]:
    """The environment of scripts/env.sh: the project's bun, Node and virtualenv first on PATH."""
    modules = REPO / ".tools" / "node_modules"
    first = [*sorted(modules.glob("@oven/bun-*/bin")), *sorted(modules.glob("node-*/bin")), REPO / ".venv" / "bin"]
    path = os.pathsep.join([*(str(p) for p in first if p.exists()), os.environ.get("PATH", "")])
    return {
        "PATH": path,
        "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_CHECK_LATEST_VERSION": "0",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "PYTHONUNBUFFERED": "1",
    }


class ReflexServer:
    """One ``reflex run --env prod`` process tree on a free port, started from ``app_dir``."""

    def __init__(
        self,
        app_dir: Path,
        *,
        log_path: Path,
        env: dict[str, str] | None = None,
        backend_only: bool = False,
        ready_path: str = "/ping",
        port: int | None = None,
    ) -> None:
        """``backend_only`` skips the front-end build (enough for websocket and REST clients)."""
        self.app_dir = app_dir
        self.log_path = log_path
        self.env = env or {}
        self.backend_only = backend_only
        self.ready_path = ready_path
        self.port = port or free_port()
        self.base_url = f"http://localhost:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        """The ``reflex run`` command line."""
        if self.backend_only:
            return ["reflex", "run", "--env", "prod", "--backend-only", "--backend-port", str(self.port)]
        return ["reflex", "run", "--env", "prod", "--single-port", "--frontend-port", str(self.port)]

    def start(self, timeout: float = 300) -> None:
        """Start and wait until ``ready_path`` answers 200 (and, with a front end, the page too)."""
        inherited = {k: v for k, v in os.environ.items() if not k.startswith(INHERITED_SETTINGS)}
        env = {**inherited, **tool_env(), **self.env}
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(  # noqa: S603 - our own command line
            self.command(), cwd=self.app_dir, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        paths = [self.ready_path] if self.backend_only else [self.ready_path, "/"]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.command()} exited with {self.proc.returncode}; see {self.log_path}")
            try:
                if all(httpx.get(self.base_url + p, timeout=2).status_code == 200 for p in paths):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{self.app_dir.name} did not come up in {timeout:.0f}s; see {self.log_path}")

    def stop(self) -> None:
        """Stop the whole process group."""
        if self.proc is None or self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def processes(self) -> list[psutil.Process]:
        """``reflex run`` and everything it started (granian and its workers)."""
        if self.proc is None or self.proc.poll() is not None:
            return []
        root = psutil.Process(self.proc.pid)
        return [root, *root.children(recursive=True)]

    def rss_bytes(self) -> int:
        """Resident memory of the whole process tree."""
        total = 0
        for proc in self.processes():
            try:
                total += proc.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        return total

    def cpu_seconds(self) -> float:
        """User + system CPU time used so far by the whole process tree."""
        total = 0.0
        for proc in self.processes():
            try:
                times = proc.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
        return total

    def __enter__(self) -> ReflexServer:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
