"""Forget everything a tab's state holds: every BankChat substate back to its defaults."""

from __future__ import annotations

import reflex as rx
from reflex.state import BaseState

APP_PACKAGE = "bankchat."


def app_state_classes(root: type[BaseState]) -> list[type[BaseState]]:
    """Every BankChat state class under ``root`` (parents before their substates)."""
    found: list[type[BaseState]] = []
    stack = [root]
    while stack:
        for sub in sorted(stack.pop().get_substates(), key=lambda cls: cls.get_full_name()):
            if sub.__module__.startswith(APP_PACKAGE):
                found.append(sub)
            stack.append(sub)
    return found


async def wipe_tab(state: rx.State) -> None:
    """Reset every BankChat substate of ``state``'s tab, loading those not in memory first.

    A state token is a browser-made name, not a credential: after a sign-out, or when
    a connection presents another sign-in than the one the state was built for, nothing
    of the previous user may stay behind for whoever presents the token next.
    """
    for cls in app_state_classes(type(state._get_root_state())):
        substate = await state.get_state(cls)
        substate.reset()
