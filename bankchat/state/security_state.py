"""The security settings page (passkeys, an authenticator app) and the chat's "Approve with passkey" button.

The browser does the WebAuthn ceremony (``assets/bankchat.js``, ``window.bankchatPasskey``): a
handler sends it the server's options with ``rx.call_script`` and gets the answer back in a callback,
which the services verify. The page's origin is the websocket's, which the origin check let in.
"""

from __future__ import annotations

import asyncio
import functools
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import reflex as rx

from bankchat.agents.flows.approval_text import APPROVE_WITH_PASSKEY, APPROVED_WITH_PASSKEY
from bankchat.bank.money import format_cents
from bankchat.db import session_scope
from bankchat.errors import BankChatError
from bankchat.services import UserView, security
from bankchat.settings import get_settings
from bankchat.state.chat_state import ChatState
from bankchat.state.signed_in import signed_in

__all__ = ["APPROVE_WITH_PASSKEY", "AuthenticatorRow", "SecurityState", "approval_limits"]

NO_PASSKEYS_HERE = "Passkeys need a secure page (https, or this computer as localhost): open BankChat that way."
_REFUSED_BY_BROWSER = {
    "NotAllowedError": "The passkey prompt was closed or timed out, so nothing changed.",
    "InvalidStateError": "That device already holds a passkey for BankChat.",
    "NotSupportedError": NO_PASSKEYS_HERE,
}


Answered = Callable[["SecurityState", UserView, dict[str, Any]], Awaitable[rx.event.EventSpec | None]]
"""A handler of the browser's answer: the state, the signed-in user and the credential (or ``{error}``)."""


@dataclass
class AuthenticatorRow:
    """One passkey or authenticator app on the settings page."""

    id: int
    kind: str
    name: str
    added: str


def approval_limits() -> tuple[str, str]:
    """The amounts over which a payment needs the customer's approval, and a colleague's check too (``£1,000.00``)."""
    settings = get_settings()
    return format_cents(settings.approval_threshold_cents), format_cents(settings.four_eyes_threshold_cents)


def _run(call: Any, *args: Any, **kwargs: Any) -> Any:
    with session_scope() as db:
        return call(db, *args, **kwargs)


def _browser_refused(answer: dict[str, Any]) -> str:
    """What to say when the browser answered with ``{error}`` instead of a credential ("" if it did answer)."""
    error = answer.get("error") if isinstance(answer, dict) else "Error"
    if not error:
        return ""
    return _REFUSED_BY_BROWSER.get(str(error), "The passkey didn't work on this device, so nothing changed.")


def _ceremony(kind: str, options: dict[str, Any], answer: rx.EventHandler) -> rx.event.EventSpec:
    """Hand the browser a WebAuthn ceremony (``create`` a passkey, ``get`` a signature); its answer to ``answer``."""
    return rx.call_script(f"window.bankchatPasskey.{kind}({json.dumps(options)})", callback=answer)


def _browser_answer(handler: Answered) -> Any:
    """The event handler of the browser's answer to a ceremony: signed-in customers only (``signed_in``),
    and a refusal (``{error}``) is told without running ``handler``."""

    @functools.wraps(handler)
    async def answered(self: SecurityState, user: UserView, credential: dict[str, Any]) -> rx.event.EventSpec | None:
        if refused := _browser_refused(credential):
            return rx.toast.error(refused)
        return await handler(self, user, credential)

    return rx.event(signed_in(answered))


class SecurityState(rx.State):
    """Passkeys and the authenticator app of the signed-in customer; approvals of the conversation on screen."""

    authenticators: list[AuthenticatorRow] = []
    has_app: bool = False
    """Whether an authenticator app is set up (there is one at most: a second is offered once it is removed)."""
    totp_qr: str = ""
    """The QR code of an authenticator app being added ("" when none is)."""
    totp_secret: str = ""
    """The same app's key, to type in where the QR code cannot be scanned."""
    totp_code: str = ""
    """The code the customer typed to confirm the app (digits only, six at most)."""
    notice: str = ""
    """What the last change did, shown in a callout on the settings page ("" for none)."""
    _registration: str = ""
    """The public ID of the passkey registration the browser is answering (``passkey_created``)."""
    _approval: str = ""
    """The public ID of the approval the browser is signing (``passkey_signed``)."""

    @rx.event
    @signed_in
    async def open_settings(self, user: UserView) -> None:
        """Load the customer's second factors."""
        await self._reload(user)

    async def _with_origin(self, call: Any, **kwargs: Any) -> Any:
        """``call`` in a worker thread with a database session and the page's origin (the websocket's)."""
        return await asyncio.to_thread(_run, call, origin=self.router.headers.origin, **kwargs)

    async def _changed(self, user: UserView, notice: str) -> None:
        """Say what changed, and list the customer's second factors again."""
        self.notice = notice
        await self._reload(user)

    async def _reload(self, user: UserView) -> None:
        views = await asyncio.to_thread(_run, security.list_authenticators, user=user)
        self.authenticators = [AuthenticatorRow(v.id, v.kind, v.name, f"{v.created_at:%d %b %Y}") for v in views]
        self.has_app = any(v.kind == "totp" for v in views)

    @rx.event
    @signed_in
    async def start_totp(self, user: UserView) -> rx.event.EventSpec | None:
        try:
            setup = await asyncio.to_thread(_run, security.start_totp, user=user)
        except BankChatError as exc:
            return rx.toast.error(exc.detail)
        self.totp_qr, self.totp_secret, self.totp_code, self.notice = setup.qr_svg, setup.secret, "", ""
        return None

    @rx.event
    def set_totp_code(self, value: str) -> None:
        self.totp_code = "".join(c for c in str(value) if c.isdigit())[:6]

    @rx.event
    @signed_in
    async def confirm_totp(self, user: UserView) -> rx.event.EventSpec | None:
        if not await asyncio.to_thread(_run, security.confirm_totp, user=user, code=self.totp_code):
            self.totp_code = ""
            return rx.toast.error("That code doesn't match. Type the code your app shows now.")
        self.totp_qr = self.totp_secret = self.totp_code = ""
        await self._changed(user, "Your authenticator app is set up: its codes now approve your large payments.")
        return None

    @rx.event
    @signed_in
    async def remove(self, user: UserView, authenticator_id: int) -> rx.event.EventSpec | None:
        try:
            await asyncio.to_thread(
                _run, security.remove_authenticator, user=user, authenticator_id=int(authenticator_id)
            )
        except (BankChatError, ValueError, TypeError):
            return rx.toast.error("That could not be removed. Please reload the page.")
        await self._changed(user, "Removed.")
        return None

    @rx.event
    @signed_in
    async def add_passkey(self, user: UserView) -> rx.event.EventSpec:
        """Ask the browser to make a passkey for BankChat on this device."""
        made = await self._with_origin(security.passkey_registration_options, user=user)
        if made is None:
            return rx.toast.error(NO_PASSKEYS_HERE)
        self._registration, options = made
        return _ceremony("create", options, SecurityState.passkey_created)

    @_browser_answer
    async def passkey_created(self, user: UserView, credential: dict) -> rx.event.EventSpec | None:
        """Save the passkey the browser made (the services verify it first)."""
        try:
            await self._with_origin(
                security.register_passkey, user=user, public_id=self._registration, credential=credential
            )
        except BankChatError as exc:
            return rx.toast.error(exc.detail)
        await self._changed(user, "Your passkey is saved: it now approves your large payments.")
        return None

    @rx.event
    @signed_in
    async def approve_in_chat(self, user: UserView) -> rx.event.EventSpec:
        """Ask the browser to sign the approval the conversation on screen waits for."""
        chat = await self.get_state(ChatState)
        try:
            request = await self._with_origin(security.approval_request, user=user, session_id=chat._session_id)
        except BankChatError as exc:  # no conversation on screen, or not this customer's
            return rx.toast.error(exc.detail)
        if request is None:
            return rx.toast.info("Nothing here is waiting for a passkey right now.")
        self._approval, options = request
        return _ceremony("get", options, SecurityState.passkey_signed)

    @_browser_answer
    async def passkey_signed(self, user: UserView, credential: dict) -> rx.event.EventSpec | None:
        """Check the browser's signature; once it approves, the conversation goes on."""
        verdict = await self._with_origin(
            security.approve_with_passkey, user=user, public_id=self._approval, credential=credential
        )
        if not verdict.ok:
            return rx.toast.error("That passkey didn't approve it, so nothing was done.")
        return ChatState.send({"message": APPROVED_WITH_PASSKEY})
