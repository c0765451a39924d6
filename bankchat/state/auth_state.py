"""AuthState: who is signed in, restored from the HttpOnly cookie and re-checked in the database."""

from __future__ import annotations

import asyncio
import hashlib
from functools import lru_cache
from http.cookies import CookieError, SimpleCookie

import reflex as rx

from bankchat.db import session_scope
from bankchat.errors import InvalidToken
from bankchat.services import UserView, auth
from bankchat.settings import get_settings
from bankchat.state.wipe import wipe_tab

LOGIN_MESSAGES = {
    401: "Invalid username or password.",
    422: "Please enter your username and password.",
    429: "Too many attempts. Please wait a moment and try again.",
}


def _user_for(token: str) -> UserView | None:
    try:
        with session_scope() as db:
            return auth.user_for_token(db=db, token=token)
    except InvalidToken:
        return None


def _revoke(token: str) -> None:
    with session_scope() as db:
        auth.revoke_token(db=db, token=token)


@lru_cache(maxsize=4096)
def _token_in(cookie_header: str, name: str) -> str:
    """The sign-in token in a ``Cookie`` header (parsed once per distinct header: every event asks)."""
    try:
        jar = SimpleCookie(cookie_header)
    except CookieError:
        return ""
    morsel = jar.get(name)
    return morsel.value if morsel else ""


def fingerprint(token: str) -> str:
    """A one-way name for a sign-in token (the state keeps this, never the token itself)."""
    return hashlib.sha256(token.encode(errors="replace")).hexdigest() if token else ""


class AuthState(rx.State):
    """The signed-in user (a public view) and the sign-in it rests on (backend-only)."""

    username: str = ""
    display_name: str = ""
    role: str = ""
    login_error: str = ""

    _bound_to: str = ""
    """The ``fingerprint`` of the sign-in cookie this tab's state was built for ("" when none).
    ``CookieBinding`` wipes the state when an event arrives with another cookie (or none)."""
    _user_id: int = 0

    def _cookie_token(self) -> str:
        return _token_in(self.router.headers.cookie or "", get_settings().cookie_name)

    def _sign_in_token(self) -> str:
        """The sign-in token this event arrives with (not checked here: the caller checks it).

        Only the HttpOnly cookie counts: the state token is browser-made and readable by
        scripts, so nothing remembered for it may stand in for a sign-in.
        """
        return self._cookie_token()

    def _sign_out_locally(self) -> None:
        self._user_id = 0
        self.username = self.display_name = self.role = ""

    async def _current_user(self) -> UserView | None:
        """The user behind this connection's sign-in, checked against the database now."""
        token = self._sign_in_token()
        user = await asyncio.to_thread(_user_for, token) if token else None
        if user is None:
            if self._user_id:
                await wipe_tab(self)  # the sign-in ended (revoked, expired): its data goes with it
            self._sign_out_locally()
            return None
        self._user_id = user.id
        self.username, self.display_name, self.role = user.username, user.display_name, user.role
        return user

    @rx.var
    def initials(self) -> str:
        """Up to two initials of the signed-in user's name."""
        return "".join(part[:1] for part in self.display_name.split()[:2]).upper()

    @rx.event
    async def open_login_page(self) -> rx.event.EventSpec | None:
        """On the login page: go straight to the chat when already signed in."""
        self.login_error = ""
        if await self._current_user() is not None:
            return rx.redirect("/chat")
        return None

    @rx.event
    def login_answer(self, status: int) -> None:
        """The sign-in request's HTTP status (from the login page's script); 200 navigates itself."""
        if not isinstance(status, int) or status == 200:
            self.login_error = ""
            return
        self.login_error = LOGIN_MESSAGES.get(status, "We could not sign you in right now. Please try again.")

    @rx.event
    def clear_login_error(self) -> None:
        """Hide the sign-in error once the user edits the form."""
        self.login_error = ""

    @rx.event
    async def logout(self) -> rx.event.EventSpec:
        """Revoke the sign-in, forget everything this tab's state holds, then let the browser's
        script clear the cookie (REST route) and the tab's storage and show the login page."""
        token = self._sign_in_token()
        await wipe_tab(self)
        if token:
            await asyncio.to_thread(_revoke, token)
        return rx.call_script("window.bankchat.logout()")
