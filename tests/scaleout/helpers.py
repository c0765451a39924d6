"""Put a request on a chosen worker, and open Reflex's websocket as a browser does."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import websocket

from tests.support.live_server import LiveServer

HYDRATE = "reflex___state____state.hydrate_and_load"


class WorkerClient(httpx.Client):
    """An HTTP client on one kept-alive connection, so on one worker; every response is checked to come from it."""

    def __init__(self, app: LiveServer) -> None:
        super().__init__(base_url=app.base_url, timeout=30)
        self.app = app
        self.pid = app.serving_pid(self.get("/api/health"))

    def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        """Send as httpx does, then check which worker answered."""
        response = super().send(request, **kwargs)
        served = self.app.serving_pid(response)
        if getattr(self, "pid", served) != served:  # the connection was replaced: the request moved worker
            msg = f"{request.method} {request.url.path} was served by worker {served}, not {self.pid}"
            raise AssertionError(msg)
        return response


@contextmanager
def worker_client(
    app: LiveServer, *, on: int | None = None, avoid: int | None = None, tries: int = 200
) -> Iterator[WorkerClient]:
    """A client served by worker ``on`` (or by any but ``avoid``): new connections until one lands there."""
    for _ in range(tries):
        client = WorkerClient(app)
        if client.pid != avoid and on in (None, client.pid):
            try:
                yield client
            finally:
                client.close()
            return
        client.close()
    msg = f"{tries} new connections never reached the worker wanted (on={on}, avoid={avoid})"
    raise AssertionError(msg)


def clients_on_every_worker(app: LiveServer, tries: int = 100) -> dict[int, WorkerClient]:
    """One client per worker."""
    found: dict[int, WorkerClient] = {}
    for _ in range(tries):
        client = WorkerClient(app)
        if client.pid in found:
            client.close()
        else:
            found[client.pid] = client
        if len(found) == len(app.worker_pids()):
            return found
    for client in found.values():
        client.close()
    msg = f"{tries} new connections reached only workers {sorted(found)} of {app.worker_pids()}"
    raise AssertionError(msg)


def hydrate_over_websocket(app: LiveServer, token: str, timeout: float = 15) -> int:
    """Connect to ``/_event`` as the page does, boot (hydrate) event included, and wait until the state
    says it is hydrated. Returns the worker that served the socket."""
    url = f"ws://127.0.0.1:{app.port}/_event/?EIO=4&transport=websocket&token={token}"
    ws = websocket.create_connection(url, origin=app.base_url, timeout=timeout)
    try:
        pid = app.pid_serving_port(ws.sock.getsockname()[1])
        opening = ws.recv()
        assert str(opening).startswith("0{"), opening
        boot = {"name": HYDRATE, "payload": {}, "router_data": {"pathname": "/login", "asPath": "/login", "query": {}}}
        ws.send("40/_event," + json.dumps({"event": boot}))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            frame = str(ws.recv())
            if frame == "2":  # the server's heartbeat
                ws.send("3")
            elif frame.startswith("42/_event,") and re.search(r'"is_hydrated_rx_state_":\s*true', frame):
                return pid
        msg = f"the state was not hydrated within {timeout}s"
        raise AssertionError(msg)
    finally:
        ws.close()
