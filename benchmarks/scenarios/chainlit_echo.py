"""The peer: Chainlit's echo app, measured side by side with the floor at the same concurrency levels.

Chainlit is installed from PyPI into its own virtualenv (``benchmarks/.venv-chainlit`` unless
``BANKCHAT_CHAINLIT_VENV`` names another folder; never the project's virtualenv, never
requirements.txt), once: a marker file records the installed version, so later runs reuse it.
The app (``benchmarks/chainlit_app/app.py``) runs from a copy in the run's workspace, since
Chainlit writes ``.chainlit/``, ``.files/`` and ``chainlit.md`` next to it.

The load client speaks Chainlit's socket.io as its web page does (:class:`ChainlitTab`). Each
round measures Chainlit and the floor one after the other (alternating which goes first), so
the ratio to the floor is paired within a round, as BankChat's is. When Chainlit cannot be
installed or started the section says ``skipped`` with the reason (and the run says so loudly):
never figures from elsewhere.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from websockets.asyncio.client import ClientConnection, connect

from benchmarks.bench import Bench
from benchmarks.reflex_client import Answer, ProtocolError, recv_text
from benchmarks.scenarios.paired import against_floor
from benchmarks.scenarios.tabs import gather_limited
from benchmarks.servers import REPO, ReflexServer, free_port
from benchmarks.users import MESSAGES

CHAINLIT_VERSION = "2.12.0"
"""The release measured (the one of notes/reflex-performance.md); pinned so runs compare."""
APP_DIR = REPO / "benchmarks" / "chainlit_app"
VENV = Path(os.environ.get("BANKCHAT_CHAINLIT_VENV") or REPO / "benchmarks" / ".venv-chainlit")
MARKER = ".bankchat-installed"
INSTALLING = ".bankchat-installing"
"""Written before installing, so a folder this command did not make is never deleted."""
INSTALL_TIMEOUT_S = 900
SOCKET_PATH = "/ws/socket.io/"
DONE_FRAME = '42["task_end",{}]'
"""Chainlit's last frame of a turn (after the echo's ``new_message`` and the run step's ``update_message``)."""
NO_DATA_LAYER = {"DATABASE_URL": "", "LITERAL_API_KEY": "", "CHAINLIT_AUTH_SECRET": ""}
"""An inherited value would give Chainlit a data layer (or a sign-in); the echo app has neither."""


def _say_loudly(bench: Bench, reason: str) -> dict[str, Any]:
    message = f"CHAINLIT NOT MEASURED: {reason}"
    bench.say("!" * 20 + " " + message + " " + "!" * 20)
    return {"skipped": message}


def installed_version(venv: Path = VENV) -> str | None:
    """The Chainlit release this folder's virtualenv holds (from the marker of a completed install)."""
    marker = venv / MARKER
    executable = venv / "bin" / "chainlit"
    if not marker.is_file() or not executable.is_file():
        return None
    return marker.read_text().strip() or None


def ensure_chainlit(say: Any, venv: Path = VENV, version: str = CHAINLIT_VERSION) -> Path:
    """``venv/bin/chainlit`` at ``version``, installed from PyPI when missing; raises with the reason."""
    if installed_version(venv) == version:
        return venv / "bin" / "chainlit"
    if venv.exists() and not (venv / MARKER).is_file() and not (venv / INSTALLING).is_file():
        raise RuntimeError(f"{venv} exists and was not made by this command: remove it or set BANKCHAT_CHAINLIT_VENV")
    say(f"installing chainlit=={version} into {venv} (its own virtualenv; once)")
    shutil.rmtree(venv, ignore_errors=True)  # our own half-made or other-version install
    venv.mkdir(parents=True)
    (venv / INSTALLING).write_text(version)
    started = time.monotonic()
    steps = {
        f"python -m venv {venv}": [sys.executable, "-m", "venv", str(venv)],
        f"pip install chainlit=={version}": [
            str(venv / "bin" / "python"),
            *("-m", "pip", "install", "--quiet", "--disable-pip-version-check"),
            *("--timeout", "30", "--retries", "2", f"chainlit=={version}"),
        ],
    }
    for name, command in steps.items():
        try:
            done = subprocess.run(  # noqa: S603 - our own command line
                command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S, check=False
            )
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"`{name}` did not finish in {INSTALL_TIMEOUT_S}s") from None
        if done.returncode != 0:
            lines = [line for line in done.stderr.splitlines() if line.strip() and "is ignored" not in line]
            detail = " | ".join(lines[-4:]) or f"exit status {done.returncode}"
            raise RuntimeError(f"`{name}` failed: {detail}"[:600])
    (venv / MARKER).write_text(version)
    (venv / INSTALLING).unlink()
    say(f"chainlit {version} installed in {time.monotonic() - started:.0f}s")
    return venv / "bin" / "chainlit"


class ChainlitServer(ReflexServer):
    """``chainlit run app.py --headless`` on 127.0.0.1 (uvicorn, one process), from a copy of the app folder."""

    def __init__(self, executable: Path, app_dir: Path, log_path: Path) -> None:
        port = free_port()
        env = {**NO_DATA_LAYER, "CHAINLIT_HOST": "127.0.0.1", "CHAINLIT_PORT": str(port)}
        polling = f"{SOCKET_PATH}?EIO=4&transport=polling"  # answers 200 once the socket.io server is up
        super().__init__(app_dir, log_path=log_path, env=env, backend_only=True, ready_path=polling, port=port)
        self.executable = executable
        self.base_url = f"http://127.0.0.1:{port}"

    def command(self) -> list[str]:
        """The ``chainlit run`` command line."""
        return [str(self.executable), "run", "app.py", "--headless", "--host", "127.0.0.1", "--port", str(self.port)]


class ChainlitTab:
    """One browser tab of a Chainlit app: its own session id, one socket.io connection, ``client_message`` turns."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.turn = 0

    @classmethod
    async def open(cls, base_url: str, timeout: float = 60) -> Self:
        """Connect as the page does: CONNECT with the page's ``auth``, then ``connection_successful``."""
        ws_url = base_url.replace("http://", "ws://", 1)
        ws = await connect(
            f"{ws_url}{SOCKET_PATH}?EIO=4&transport=websocket",
            origin=base_url,  # type: ignore[arg-type]  # websockets types it as a NewType of str
            compression=None,
            max_size=None,
            open_timeout=timeout,
            ping_interval=None,
        )
        tab = cls(ws)
        try:
            opening = await tab._recv(timeout)
            if not opening.startswith("0{"):
                raise ProtocolError(f"expected the Engine.IO OPEN packet, got {opening[:80]!r}")
            auth = {
                "clientType": "webapp",
                "sessionId": str(uuid.uuid4()),
                "threadId": "",
                "userEnv": "{}",
                "chatProfile": "",
            }
            await ws.send("40" + json.dumps(auth))
            connected = await tab._recv(timeout)
            if not connected.startswith("40"):
                raise ProtocolError(f"Chainlit refused the connection: {connected[:200]}")
            await ws.send('42["connection_successful"]')
            await tab._until(lambda frame: frame == DONE_FRAME, time.perf_counter(), timeout)  # its task_end
        except BaseException:
            await ws.close()
            raise
        return tab

    async def send(self, text: str | None = None, timeout: float = 60) -> Answer:
        """A user message as the composer sends it; complete at the turn's ``task_end`` (the echo seen)."""
        if text is None:
            text = MESSAGES[self.turn % len(MESSAGES)]
        self.turn += 1
        message = {
            "threadId": "",
            "id": str(uuid.uuid4()),
            "name": "User",
            "type": "user_message",
            "output": text,
            "createdAt": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "metadata": {"location": "http://127.0.0.1/"},
        }
        echo = json.dumps(f"echo: {text}")
        started = time.perf_counter()
        await self.ws.send("42" + json.dumps(["client_message", {"message": message, "fileReferences": []}]))
        answer = await self._until(lambda frame: frame == DONE_FRAME, started, timeout, must_see=echo)
        return answer

    async def close(self) -> None:
        """Close the tab."""
        await self.ws.close()

    async def _until(self, done: Any, started: float, timeout: float, must_see: str | None = None) -> Answer:
        received = frames = 0
        seen = must_see is None
        deadline = started + timeout
        while True:
            frame = await self._recv(deadline - time.perf_counter())
            if frame == "2":  # the server's heartbeat
                await self.ws.send("3")
                continue
            received += len(frame)
            frames += 1
            seen = seen or (must_see is not None and must_see in frame)
            if done(frame):
                if not seen:
                    raise ProtocolError(f"the turn ended without the echo {must_see}")
                return Answer(time.perf_counter() - started, received, frames, frame)
            if frame.startswith(("44", "41")):
                raise ProtocolError(f"Chainlit refused or closed the connection: {frame[:200]}")

    async def _recv(self, timeout: float) -> str:
        return await recv_text(self.ws, timeout)


async def _chainlit_step(tab: ChainlitTab) -> int:
    return (await tab.send()).bytes


async def _measure(bench: Bench, server: ChainlitServer) -> list[dict[str, Any]]:
    async def open_tabs(_round: int, clients: int) -> list[ChainlitTab]:
        return await gather_limited([ChainlitTab.open(server.base_url) for _ in range(clients)])

    return await against_floor(bench, "chainlit", open_tabs, _chainlit_step, server.cpu_seconds)


async def run(bench: Bench) -> dict[str, Any]:
    """Install (once) and start Chainlit, measure it and the floor at each concurrency, stop it."""
    if not bench.config.chainlit:
        return {"skipped": "not in the --tiny configuration"}
    try:
        executable = await asyncio.to_thread(ensure_chainlit, bench.say)
    except Exception as exc:  # noqa: BLE001 - reported, loudly, instead of figures
        return _say_loudly(bench, f"Chainlit {CHAINLIT_VERSION} could not be installed from PyPI ({exc})")
    app_dir = bench.workspace / "chainlit"
    shutil.copytree(APP_DIR, app_dir, ignore=shutil.ignore_patterns("__pycache__", ".chainlit", ".files"))
    server = ChainlitServer(executable, app_dir, bench.workspace / "chainlit.log")
    try:
        await asyncio.to_thread(server.start, 120)
    except Exception as exc:  # noqa: BLE001 - reported, loudly, instead of figures
        return _say_loudly(bench, f"Chainlit {CHAINLIT_VERSION} did not start ({exc})")
    try:
        cells = await _measure(bench, server)
    finally:
        server.stop()
    return {"version": installed_version() or CHAINLIT_VERSION, "app": "benchmarks/chainlit_app/app.py", "cells": cells}
