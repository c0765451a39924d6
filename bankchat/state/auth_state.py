"""AuthState: who is signed in, restored from the HttpOnly cookie and re-checked in the database."""

from __future__ import annotations

import asyncio
from functools import lru_cache
from http.cookies import CookieError, SimpleCookie

import reflex as rx

from bankchat.db import session_scope
from bankchat.errors import InvalidToken
from bankchat.services import UserView, auth
from bankchat.settings import get_settings

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


class AuthState(rx.State):
    """The signed-in user (a public view) and the sign-in it rests on (backend-only)."""

    username: str = ""
    display_name: str = ""
    role: str = ""
    login_error: str = ""

    _auth_token: str = ""
    """The browser's sign-in token, read from the HttpOnly cookie; never sent to the browser."""
    _user_id: int = 0

    def _cookie_token(self) -> str:
        return _token_in(self.router.headers.cookie or "", get_settings().cookie_name)

    def _sign_in_token(self) -> str:
        """The sign-in token this connection presents (not checked here: the caller checks it)."""
        return self._cookie_token() or self._auth_token

    def _user_view(self) -> UserView:
        return UserView(id=self._user_id, username=self.username, display_name=self.display_name, role=self.role)

    def _sign_out_locally(self) -> None:
        self._auth_token = ""
        self._user_id = 0
        self.username = self.display_name = self.role = ""

    async def _current_user(self) -> UserView | None:
        """The user behind this connection's sign-in, checked against the database now."""
        token = self._sign_in_token()
        user = await asyncio.to_thread(_user_for, token) if token else None
        if user is None:
            self._sign_out_locally()
            return None
        self._auth_token = token
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
        """Revoke the sign-in now, then let the REST route clear the cookie and show the login page."""
        token = self._auth_token
        self._sign_out_locally()
        if token:
            await asyncio.to_thread(_revoke, token)
        return rx.call_script("window.bankchat.logout()")
