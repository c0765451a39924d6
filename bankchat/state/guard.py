"""The websocket's front door: every event from a browser is checked before a state sees it.

Any public handler of any state is callable with any JSON (docs/architecture.md, "Reflex
state"). Before Reflex queues an event, ``install`` checks that it names a registered
handler, that its payload is a bounded object whose keys match the handler's parameters
(and whose ``dict`` and ``list`` parameters get those), and turns anything else into
``InputGuard.refuse``: a friendly toast and a one-line warning, never a traceback. Types
the browser may send in another form (a number as text) are the handlers' own business.
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import reflex as rx
from reflex_base.registry import RegistrationContext

from bankchat import logs
from bankchat.settings import get_settings

log = logging.getLogger("bankchat.state")

REASONS = {
    "unknown": "That request was not understood. Please reload the page.",
    "malformed": "That request was not understood. Please reload the page.",
    "arguments": "That request was not understood. Please reload the page.",
    "too_large": "That is too much text at once. Please shorten it.",
}


def max_payload_chars() -> int:
    """The longest event payload (JSON, ASCII-escaped) accepted: a full message and room to spare."""
    return 12 * get_settings().max_message_chars + 4096  # a non-BMP character escapes to 12


@dataclass(frozen=True)
class Parameters:
    """What a handler accepts by name."""

    required: frozenset[str]
    allowed: frozenset[str]
    any_keyword: bool
    containers: dict[str, tuple[type, ...]]
    """For parameters typed ``dict`` or ``list`` (optionally ``| None``): the JSON shapes allowed."""

    def refuses(self, payload: dict[str, Any]) -> bool:
        """Whether ``payload`` misses, adds or mistypes an argument."""
        keys = set(payload)
        if not self.required <= keys or (not self.any_keyword and not keys <= self.allowed):
            return True
        return any(not isinstance(payload[k], kinds) for k, kinds in self.containers.items() if k in payload)


def _container_kinds(hint: object) -> tuple[type, ...] | None:
    options = (
        typing.get_args(hint)
        if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union
        else (hint,)
    )
    kinds: list[type] = []
    for option in options:
        base = typing.get_origin(option) or option
        if option is type(None):
            kinds.append(type(None))
        elif base in (dict, list):
            kinds.append(base)  # type: ignore[arg-type]
        else:
            return None  # something the handler checks itself
    return tuple(kinds)


@functools.lru_cache(maxsize=512)
def parameters(fn: Callable[..., Any]) -> Parameters:
    """The parameters of a handler function (its first, the state, left out)."""
    params = list(inspect.signature(fn).parameters.values())[1:]
    try:
        hints = typing.get_type_hints(fn)
    except Exception:  # noqa: BLE001 - an unresolvable hint only means no shape check
        hints = {}
    named = [p for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    containers = {p.name: kinds for p in named if (kinds := _container_kinds(hints.get(p.name, Any)))}
    return Parameters(
        required=frozenset(p.name for p in named if p.default is p.empty),
        allowed=frozenset(p.name for p in named),
        any_keyword=any(p.kind is p.VAR_KEYWORD for p in params),
        containers=containers,
    )


def refusal(data: object) -> str | None:
    """Why a client event may not run (a key of ``REASONS``), or None."""
    if not isinstance(data, dict):
        return "malformed"
    name, payload = data.get("name"), data.get("payload", {})
    if not isinstance(name, str) or not isinstance(data.get("router_data", {}), dict):
        return "malformed"
    handlers = RegistrationContext.get().event_handlers
    registered = handlers.get(name)
    if registered is None:
        return "unknown"
    if not isinstance(payload, dict):
        return "malformed"
    if name.endswith(".setvar"):  # Reflex's generic setter calls ``set_<var_name>``: only one that exists
        var = payload.get("var_name")
        if not isinstance(var, str) or f"{name.removesuffix('setvar')}set_{var}" not in handlers:
            return "unknown"
    if len(json.dumps(payload)) > max_payload_chars():
        return "too_large"
    if parameters(registered.handler.fn).refuses(payload):
        return "arguments"
    return None


class InputGuard(rx.State):
    """Answers an event the guard refused (its one handler is what a refused event becomes)."""

    @rx.event
    def refuse(self, reason: str) -> rx.event.EventSpec:
        """Tell the user, kindly, that the request could not be used."""
        return rx.toast.error(
            REASONS.get(reason, REASONS["malformed"]) if isinstance(reason, str) else REASONS["malformed"]
        )


def checked(data: object) -> object:
    """``data`` itself when it may run, else the ``InputGuard.refuse`` event that answers it."""
    reason = refusal(data)
    if reason is None:
        return data
    name = data.get("name") if isinstance(data, dict) else None
    what = "No registered handler found for event" if reason == "unknown" else "Malformed websocket event"
    logs.event(log, f"{what}; refused", level=logging.WARNING, reason=reason, handler=str(name)[:120])
    router = data.get("router_data") if isinstance(data, dict) else None
    return {
        "name": f"{InputGuard.get_full_name()}.refuse",
        "payload": {"reason": reason},
        "router_data": router if isinstance(router, dict) else {},
    }


def install(app: rx.App) -> None:
    """Check every event the websocket receives before Reflex queues it."""
    namespace = app.event_namespace
    if namespace is None:  # no state, no websocket events
        return
    receive = namespace.on_event

    async def on_event(sid: str, data: Any) -> None:
        await receive(sid, checked(data))

    namespace.on_event = on_event  # type: ignore[method-assign]  # python-socketio looks handlers up per event
