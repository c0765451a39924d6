"""A browser-less Reflex client: Engine.IO v4 + socket.io over one websocket (notes/reflex-wire-protocol.md).

One :class:`ReflexClient` is one browser tab: its own state token, the sign-in
cookie of its user, the boot (hydrate) event in the socket.io CONNECT packet.
:meth:`ReflexClient.call` sends one event and reads frames until a predicate
says the answer is complete; it returns the round trip and the bytes received.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self

from websockets.asyncio.client import ClientConnection, connect

ROOT_STATE = "reflex___state____state"
HYDRATE = f"{ROOT_STATE}.hydrate_and_load"
NAMESPACE = "/_event"
EVENT_PREFIX = f"42{NAMESPACE},"
HYDRATED = re.compile(r'"is_hydrated_rx_state_":\s*true')

Done = Callable[[str], bool]
"""Says whether a raw ``42/_event,…`` frame completes the answer being waited for."""


class ProtocolError(RuntimeError):
    """The server said something a browser would not expect (or nothing in time)."""


@dataclass(frozen=True)
class Answer:
    """What one event cost, seen from the client."""

    seconds: float
    bytes: int
    """Characters of every frame received from sending to the completing one (the websocket text)."""
    frames: int
    last: str
    """The completing frame."""


async def recv_text(ws: ClientConnection, timeout: float) -> str:
    """The next websocket message as text; ``ProtocolError`` when none comes within ``timeout`` seconds."""
    if timeout <= 0:
        raise ProtocolError("no answer in time")
    try:
        message = await asyncio.wait_for(ws.recv(), timeout)
    except TimeoutError:
        raise ProtocolError("no answer in time") from None
    return message if isinstance(message, str) else message.decode()


def marker_done(*patterns: str) -> Done:
    """Complete when a frame matches every regular expression in ``patterns``."""
    compiled = [re.compile(p) for p in patterns]
    return lambda frame: all(p.search(frame) for p in compiled)


def var_done(var: str, value: str) -> Done:
    """Complete when a frame sets ``var`` (without the ``_rx_state_`` suffix) to the JSON literal ``value``."""
    return marker_done(rf'"{re.escape(var)}_rx_state_":\s*{re.escape(value)}')


class ReflexClient:
    """One tab of the app over a raw websocket; use :meth:`open` and ``async with``."""

    def __init__(self, ws: ClientConnection, token: str) -> None:
        self.ws = ws
        self.token = token
        self.hydrate_answer: Answer | None = None
        self.last_delta: dict[str, dict[str, Any]] = {}

    @classmethod
    async def open(
        cls,
        base_url: str,
        *,
        pathname: str = "/",
        cookie: str | None = None,
        token: str | None = None,
        timeout: float = 60,
    ) -> Self:
        """Connect as a page at ``pathname`` does and wait until the state says it is hydrated."""
        token = token or str(uuid.uuid4())
        ws_url = base_url.replace("http://", "ws://", 1).replace("https://", "wss://", 1)
        headers = {"Cookie": cookie} if cookie else {}
        started = time.perf_counter()
        ws = await connect(
            f"{ws_url}{NAMESPACE}/?EIO=4&transport=websocket&token={token}",
            origin=base_url,  # type: ignore[arg-type]  # websockets types it as a NewType of str
            additional_headers=headers,
            compression=None,
            max_size=None,
            open_timeout=timeout,
            ping_interval=None,
        )
        client = cls(ws, token)
        try:
            opening = await client._recv(timeout)
            if not opening.startswith("0{"):
                raise ProtocolError(f"expected the Engine.IO OPEN packet, got {opening[:80]!r}")
            boot = {"name": HYDRATE, "payload": {}, "router_data": _router_data(pathname)}
            await ws.send(f"40{NAMESPACE}," + json.dumps({"event": boot}))
            client.hydrate_answer = await client._wait(HYDRATED.search, started, timeout, count_from=0)
        except BaseException:
            await ws.close()
            raise
        return client

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the websocket (the tab goes away)."""
        await self.ws.close()

    async def call(
        self, handler: str, payload: dict[str, Any], done: Done, *, pathname: str = "/", timeout: float = 60
    ) -> Answer:
        """Send ``handler`` (a full ``state.handler`` name) with ``payload``; wait for the frame ``done`` accepts."""
        event = {"name": handler, "payload": payload, "router_data": _router_data(pathname)}
        started = time.perf_counter()
        await self.ws.send(EVENT_PREFIX + json.dumps(["event", event]))
        return await self._wait(done, started, timeout)

    def state_name(self, suffix: str) -> str:
        """The full name of the state whose name ends with ``suffix`` (from the hydrate delta)."""
        for name in self.last_delta:
            if name.endswith(suffix):
                return name
        raise ProtocolError(f"no state ending with {suffix!r} in {sorted(self.last_delta)}")

    async def _wait(self, done: Done, started: float, timeout: float, count_from: int = 0) -> Answer:
        received = count_from
        frames = 0
        deadline = started + timeout
        while True:
            frame = await self._recv(deadline - time.perf_counter())
            if frame == "2":  # the server's heartbeat
                await self.ws.send("3")
                continue
            received += len(frame)
            frames += 1
            if frame.startswith(EVENT_PREFIX):
                if self.hydrate_answer is None:  # only the hydrate is parsed: it names the states
                    self._remember(frame)
                if done(frame):
                    return Answer(time.perf_counter() - started, received, frames, frame)
            elif frame.startswith(("44", "41")):
                raise ProtocolError(f"the server refused or closed the namespace: {frame[:200]}")

    async def _recv(self, timeout: float) -> str:
        return await recv_text(self.ws, timeout)

    def _remember(self, frame: str) -> None:
        """Keep the names of the states seen (the hydrate delta names them all)."""
        try:
            _name, body = json.loads(frame[len(EVENT_PREFIX) :])
        except (ValueError, TypeError):
            return
        if isinstance(body, dict) and isinstance(body.get("delta"), dict):
            for name, values in body["delta"].items():
                self.last_delta.setdefault(name, {}).update(values)


def _router_data(pathname: str) -> dict[str, Any]:
    return {"pathname": pathname, "asPath": pathname, "query": {}}
