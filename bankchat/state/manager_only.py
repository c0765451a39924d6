"""``as_manager``: the one door of the console's handlers: the signed-in manager, or back to their own chat.

The role is the services' rule: every call passes the signed-in user on, and a ``NotAManager``
from them (or no sign-in at all) sends the caller to ``/chat``, which sends strangers on to sign in.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

import reflex as rx

from bankchat.errors import NotAManager
from bankchat.services import UserView

Answer = rx.event.EventSpec | None
"""What a console handler hands Reflex: an event (a redirect, a toast, a download) or nothing."""

REFUSED_PAGE = "/chat"


class SignedIn(Protocol):
    """A state that can tell who is signed in on its tab (``AuthState`` and the states mixed into one)."""

    async def _current_user(self) -> UserView | None: ...


async def as_manager(state: SignedIn, work: Callable[[UserView], Awaitable[Answer]]) -> Answer:
    """``work`` for ``state``'s signed-in user; no sign-in, or the services' ``NotAManager``, go to ``/chat``."""
    user = await state._current_user()
    if user is None:
        return rx.redirect(REFUSED_PAGE)
    try:
        return await work(user)
    except NotAManager:
        return rx.redirect(REFUSED_PAGE)
