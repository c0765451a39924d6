"""Steps for the websocket replays: sign in as the login page does, open a tab, call a handler."""

from __future__ import annotations

import json
from typing import Any

import httpx

from benchmarks.reflex_client import Answer, ReflexClient, var_done
from tests.api.helpers import DEMO_PASSWORD

CHAT = "chat_state____chat_state"
AUTH = "auth_state____auth_state"
CONSOLE = "console_state____console_state"
REPLY_DONE = var_done("typing", "false")
NOT_UNDERSTOOD = "That request was not understood"


def web_cookie(base_url: str, username: str) -> str:
    """``POST /api/auth/session`` as the login page's script does; the ``Cookie`` header it earns."""
    with httpx.Client(base_url=base_url, timeout=30, headers={"Origin": base_url}) as client:
        response = client.post("/api/auth/session", json={"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 200, response.text
        return "; ".join(f"{name}={value}" for name, value in response.cookies.items())


class RecordingClient(ReflexClient):
    """A tab that keeps every frame of its opening (the first update included), not only their sum."""

    frames: list[str]

    def _remember(self, frame: str) -> None:
        if not hasattr(self, "frames"):
            self.frames = []
        self.frames.append(frame)
        super()._remember(frame)


def seen(tab: ReflexClient) -> str:
    """Every frame the tab's opening delivered (a browser shows each as it comes), as text."""
    return "\n".join(getattr(tab, "frames", [])) + json.dumps(tab.last_delta)


async def call(tab: ReflexClient, state: str, handler: str, payload: dict[str, Any], *needles: str) -> str:
    """Call ``state``'s ``handler`` (a state name suffix) on /chat; every frame until all ``needles``
    were seen (a state change and its toast may come in separate frames)."""
    frames: list[str] = []

    def done(frame: str) -> bool:
        frames.append(frame)
        text = "\n".join(frames)
        return all(n in text for n in needles)

    await tab.call(f"{tab.state_name(state)}.{handler}", payload, done, pathname="/chat")
    return "\n".join(frames)


async def send(tab: ReflexClient, text: str) -> Answer:
    """``ChatState.send`` as the composer does; complete when the reply is on screen."""
    name = f"{tab.state_name(CHAT)}.send"
    return await tab.call(name, {"form_data": {"message": text}}, REPLY_DONE, pathname="/chat")
