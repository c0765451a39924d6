"""A tab's state belongs to the sign-in cookie it was built for, and to nothing else.

Reflex keys a tab's state by a browser-made token that scripts can read (and that
once reached the log). ``CookieBinding`` runs before every event, the hydrate
included: when the event arrives with another sign-in cookie than the state was
built for, or none, every BankChat substate is reset before anything is sent, so a
stolen token opens an empty tab. Handlers still check the cookie in the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflex.middleware import Middleware
from reflex.state import BaseState, StateUpdate
from reflex_base.event import Event

from bankchat.state.auth_state import AuthState, fingerprint
from bankchat.state.wipe import wipe_tab

if TYPE_CHECKING:
    from reflex.app import App


class CookieBinding(Middleware):
    """Wipes a tab's state when the event's sign-in cookie is not the one it was built for."""

    async def preprocess(self, app: App, state: BaseState, event: Event) -> StateUpdate | None:
        """Bind the state to this event's cookie (wiping it first when it held another sign-in)."""
        auth = await state.get_state(AuthState)
        presented = fingerprint(auth._cookie_token())
        if auth._bound_to != presented:
            if auth._bound_to or auth._user_id:
                await wipe_tab(auth)
            auth._bound_to = presented
        return None
