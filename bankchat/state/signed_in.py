"""``signed_in``: the one door of every handler that acts for the user: signed in, or go to /login.

The sign-in is checked against the database on every such event (``AuthState._current_user``):
a state token is browser-made, so nothing the state remembers stands in for it.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, Concatenate, ParamSpec, TypeVar

import reflex as rx
from reflex.event import EventSpec

from bankchat.services import UserView
from bankchat.state.auth_state import AuthState

LOGIN_PAGE = "/login"

S = TypeVar("S", bound=rx.State)
P = ParamSpec("P")
R = TypeVar("R")


async def current_user(state: rx.State) -> UserView | None:
    """The user behind ``state``'s tab, checked now (None when nobody is signed in)."""
    auth = state if isinstance(state, AuthState) else await state.get_state(AuthState)
    return await auth._current_user()


def signed_in(
    handler: Callable[Concatenate[S, UserView, P], Awaitable[R]],
) -> Callable[Concatenate[S, P], Coroutine[Any, Any, R | EventSpec]]:
    """Run ``handler`` with the signed-in user as its first argument after the state; else go to /login.

    The browser sees the handler without that argument: the signature Reflex and the
    websocket guard read (``inspect.signature``, the type hints) leaves it out.
    """

    @functools.wraps(handler)
    async def guarded(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R | EventSpec:
        user = await current_user(self)
        if user is None:
            return rx.redirect(LOGIN_PAGE)
        return await handler(self, user, *args, **kwargs)

    signature = inspect.signature(handler)
    state, user, *parameters = signature.parameters.values()
    guarded.__signature__ = signature.replace(parameters=[state, *parameters])  # type: ignore[attr-defined]
    guarded.__annotations__ = {k: v for k, v in handler.__annotations__.items() if k != user.name}
    return guarded
