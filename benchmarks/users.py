"""Simulated users of each app: sign in as the browser does, open a tab, send through the real handlers."""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from benchmarks.reflex_client import Answer, ReflexClient, marker_done, var_done
from benchmarks.seed import BENCH_PASSWORD

AUTH_STATE = "auth_state____auth_state"
CHAT_STATE = "chat_state____chat_state"
FLOOR_STATE = "floor_state"
MESSAGES = ("what is my balance", "show my last 3 transactions", "how much is in my savings account")
"""What the simulated customers ask, in turn: each goes through guardrails, router, a specialist and the database."""

REPLY_DONE = var_done("typing", "false")
"""ChatState.deliver's last frame clears the typing indicator (with the reply appended)."""
SWITCH_DONE = marker_done(r'"active_ref_rx_state_"')  # a switch re-sends the window and the active row
FAILED = '"status":"failed"'


class AnswerFailed(RuntimeError):
    """The app answered with an error (a failed delivery, a redirect to the sign-in page)."""


@dataclass
class SignIn:
    """A browser sign-in: the cookie header value and how long ``POST /api/auth/session`` took."""

    cookie: str
    seconds: float


async def sign_in(http: httpx.AsyncClient, username: str) -> SignIn:
    """``POST /api/auth/session`` as the login page's script does (same origin)."""
    started = time.perf_counter()
    response = await http.post(
        "/api/auth/session",
        json={"username": username, "password": BENCH_PASSWORD},
        headers={"Origin": str(http.base_url).rstrip("/")},
    )
    seconds = time.perf_counter() - started
    response.raise_for_status()
    cookie = "; ".join(f"{name}={value}" for name, value in response.cookies.items())
    return SignIn(cookie=cookie, seconds=seconds)


async def bearer_token(http: httpx.AsyncClient, username: str) -> str:
    """``POST /api/auth/login``: a REST client's token."""
    response = await http.post("/api/auth/login", json={"username": username, "password": BENCH_PASSWORD})
    response.raise_for_status()
    return str(response.json()["accessToken"])


class ChatTab:
    """A signed-in BankChat tab on ``/chat``."""

    def __init__(self, client: ReflexClient) -> None:
        self.client = client
        self.state = client.state_name(CHAT_STATE)
        self.turn = 0

    @classmethod
    async def open(cls, base_url: str, cookie: str) -> ChatTab:
        """Open ``/chat`` with the sign-in cookie; the page's ``on_load`` restores user, sessions and messages."""
        client = await ReflexClient.open(base_url, pathname="/chat", cookie=cookie)
        if not client.last_delta.get(client.state_name(AUTH_STATE), {}).get("username_rx_state_"):
            await client.close()
            raise AnswerFailed("the chat page opened signed out")
        return cls(client)

    @property
    def hydrate(self) -> Answer:
        """What opening the tab cost."""
        assert self.client.hydrate_answer is not None
        return self.client.hydrate_answer

    async def send(self, text: str | None = None) -> Answer:
        """``ChatState.send`` with the composer's form data; complete when the reply is on screen."""
        if text is None:
            text = MESSAGES[self.turn % len(MESSAGES)]
            self.turn += 1
        answer = await self.client.call(
            f"{self.state}.send", {"form_data": {"message": text}}, REPLY_DONE, pathname="/chat"
        )
        if FAILED in answer.last or "/login" in answer.last:
            raise AnswerFailed(answer.last[:300])
        return answer

    async def switch(self, ref: int) -> Answer:
        """``ChatState.switch_session`` to the conversation at position ``ref`` of the sidebar."""
        return await self.client.call(f"{self.state}.switch_session", {"ref": ref}, SWITCH_DONE, pathname="/chat")

    async def close(self) -> None:
        """Close the tab."""
        await self.client.close()


class FloorTab:
    """A tab of the floor app."""

    def __init__(self, client: ReflexClient) -> None:
        self.client = client
        self.state = client.state_name(FLOOR_STATE)
        self.count = 0

    @classmethod
    async def open(cls, base_url: str) -> FloorTab:
        """Open the floor's page."""
        return cls(await ReflexClient.open(base_url, pathname="/"))

    async def send(self, text: str = MESSAGES[0]) -> Answer:
        """``FloorState.send``; complete when the counter the handler bumps arrives."""
        self.count += 1
        return await self.client.call(f"{self.state}.send", {"text": text}, var_done("count", str(self.count)))

    async def close(self) -> None:
        """Close the tab."""
        await self.client.close()
