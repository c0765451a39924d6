"""``as_manager``: the console's one door: the work runs for the signed-in user; no sign-in or a refusal go to /chat."""

from __future__ import annotations

import reflex as rx

from bankchat.errors import NotAManager
from bankchat.services import UserView
from bankchat.state.manager_only import Answer, as_manager
from tests.state.helpers import ALICE, toast
from tests.state.test_console_state import redirects_to_chat
from tests.support.run_async import run_async

MANAGER = UserView(id=9, username="manager", display_name="Manny Manager", role="manager")


class _Tab:
    """A state that knows who is signed in on its tab."""

    def __init__(self, user: UserView | None) -> None:
        self.user = user

    async def _current_user(self) -> UserView | None:
        return self.user


def test_as_manager_runs_the_work_for_the_signed_in_user() -> None:
    seen: list[UserView] = []

    async def work(user: UserView) -> Answer:
        seen.append(user)
        return rx.toast.success("Done.")

    answer = run_async(as_manager(_Tab(MANAGER), work))

    assert seen == [MANAGER]
    assert toast(answer) == ("success", "Done.")


def test_as_manager_without_sign_in_goes_to_chat_and_does_no_work() -> None:
    seen: list[UserView] = []

    async def work(user: UserView) -> Answer:
        seen.append(user)
        return None

    assert redirects_to_chat(run_async(as_manager(_Tab(None), work)))
    assert seen == []


def test_as_manager_refused_by_the_services_goes_to_chat() -> None:
    async def work(user: UserView) -> Answer:
        raise NotAManager

    assert redirects_to_chat(run_async(as_manager(_Tab(ALICE), work)))
