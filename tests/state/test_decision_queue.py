"""DecisionQueue, as both console queues use it: list, keep a bounded note, decide by position, refuse strangers."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
import reflex as rx
from reflex.state import State

from bankchat.errors import DisputeRefused, NotAManager
from bankchat.services import UserView
from bankchat.state.console_rows import DisputeRow, ReviewRow
from bankchat.state.decision_queue import DecisionQueue, Desk, Listing
from bankchat.state.dispute_console_state import DisputeConsoleState
from bankchat.state.review_console_state import ReviewConsoleState
from tests.state.helpers import ALICE, SignIn, substate, toast
from tests.state.test_console_state import redirects_to_chat
from tests.state.test_contracts import _declared_needs, _own_and_used
from tests.support.run_async import run_async

MANAGER = UserView(id=9, username="manager", display_name="Manny Manager", role="manager")

QUEUES: list[tuple[type[DecisionQueue], str, str, Any]] = [
    (DisputeConsoleState, "refund", "cases", DisputeRow),
    (ReviewConsoleState, "approve", "payments", ReviewRow),
]
"""Each queue state, its yes handler, its list var and its row."""

Queue = tuple[Any, str, str, "FakeDesk"]
"""A queue state of the tab, its yes handler's name, its list var's name and its fake desk."""


@dataclasses.dataclass
class FakeDesk:
    """The services of a queue, in memory: who asked for what, and what they answer."""

    refs: list[str]
    row: Any
    refusal: Exception | None = None
    decisions: list[tuple[str, str, bool, str]] = dataclasses.field(default_factory=list)

    def listed(self, manager: UserView) -> Listing:
        if manager.role != "manager":
            raise NotAManager
        return Listing(list(self.refs), [self.row(ref=i, reference=r) for i, r in enumerate(self.refs)])

    def decide(self, manager: UserView, reference: str, yes: bool, note: str) -> str:
        if manager.role != "manager":
            raise NotAManager
        if self.refusal is not None:
            raise self.refusal
        self.decisions.append((manager.username, reference, yes, note))
        self.refs.remove(reference)
        return f"{reference} {'yes' if yes else 'no'}."


@pytest.fixture(params=QUEUES, ids=[q[0].__name__ for q in QUEUES])
def queue(request: pytest.FixtureRequest, tab: State, monkeypatch: pytest.MonkeyPatch) -> Queue:
    """A queue state of the tab over a fake desk listing two items, its yes handler's and its list's names."""
    cls, yes, rows, row = request.param
    fake = FakeDesk(["REF-1", "REF-2"], row)
    monkeypatch.setattr(cls, "_desk", Desk(fake.listed, fake.decide, note_chars=20, gone="That item is gone."))
    state = substate(tab, cls)
    assert isinstance(state, cls)
    return state, yes, rows, fake


def test_refresh_lists_the_items_by_position_and_keeps_their_references(queue: Queue, sign_in: SignIn) -> None:
    state, _, rows, _ = queue
    sign_in(MANAGER)

    assert run_async(state.refresh()) is None

    assert [(r.ref, r.reference) for r in getattr(state, rows)] == [(0, "REF-1"), (1, "REF-2")]
    assert state._refs == ["REF-1", "REF-2"]


def test_yes_decides_the_item_at_its_position_clears_the_note_and_relists(queue: Queue, sign_in: SignIn) -> None:
    state, yes, rows, fake = queue
    sign_in(MANAGER)
    run_async(state.refresh())
    state.set_note("Checked")

    answer = run_async(getattr(state, yes)(1))

    assert fake.decisions == [("manager", "REF-2", True, "Checked")]
    assert toast(answer) == ("success", "REF-2 yes.")
    assert state.note == ""
    assert [r.reference for r in getattr(state, rows)] == ["REF-1"]


def test_reject_passes_the_note_on(queue: Queue, sign_in: SignIn) -> None:
    state, _, _, fake = queue
    sign_in(MANAGER)
    run_async(state.refresh())
    state.set_note("No receipt")

    run_async(state.reject(0))

    assert fake.decisions == [("manager", "REF-1", False, "No receipt")]


@pytest.mark.parametrize("ref", [2, -1, True, "0", None])
def test_a_position_that_lists_nothing_decides_nothing(queue: Queue, sign_in: SignIn, ref: object) -> None:
    state, yes, _, fake = queue
    sign_in(MANAGER)
    run_async(state.refresh())

    assert toast(run_async(getattr(state, yes)(ref))) == ("error", "That item is gone.")
    assert toast(run_async(state.reject(ref))) == ("error", "That item is gone.")
    assert fake.decisions == []


def test_a_refused_decision_says_why_keeps_the_note_and_relists(queue: Queue, sign_in: SignIn) -> None:
    state, _, rows, fake = queue
    sign_in(MANAGER)
    run_async(state.refresh())
    fake.refusal = DisputeRefused("note_required", "A note is required to reject")
    fake.refs.pop()  # decided meanwhile on another screen
    state.set_note("x")

    answer = run_async(state.reject(0))

    assert toast(answer) == ("error", "A note is required to reject.")
    assert state.note == "x"
    assert [r.reference for r in getattr(state, rows)] == ["REF-1"]


def test_the_note_is_bounded_and_kept_for_managers_only(queue: Queue, sign_in: SignIn) -> None:
    state, _, _, _ = queue
    state.role = "manager"

    assert toast(state.set_note("y" * 25)) == ("error", "That is too long (at most 20 characters).")
    assert state.note == "y" * 20
    assert state.set_note(["not", "text"]) is None
    assert state.note == "y" * 20

    state.role = "customer"
    state.set_note("A customer's words")
    assert state.note == "y" * 20


def test_a_customer_is_sent_to_their_chat_and_nothing_is_decided(queue: Queue, sign_in: SignIn) -> None:
    state, yes, _, fake = queue
    sign_in(ALICE)
    state._refs = ["REF-1"]

    assert redirects_to_chat(run_async(state.refresh()))
    assert redirects_to_chat(run_async(getattr(state, yes)(0)))
    assert redirects_to_chat(run_async(state.reject(0)))
    assert fake.decisions == []


def test_nobody_signed_in_is_sent_to_chat(queue: Queue, sign_in: SignIn) -> None:
    state, yes, _, fake = queue
    sign_in(None)
    state._refs = ["REF-1"]

    assert redirects_to_chat(run_async(getattr(state, yes)(0)))
    assert fake.decisions == []


@pytest.mark.parametrize("cls", [q[0] for q in QUEUES], ids=[q[0].__name__ for q in QUEUES])
def test_queue_state_provides_what_the_mixin_declares(cls: type[DecisionQueue]) -> None:
    own, used = _own_and_used(DecisionQueue)
    needs = _declared_needs(DecisionQueue)

    assert not used - own - set(needs) - set(dir(rx.State)), "DecisionQueue uses what it does not declare"
    for name in needs:
        assert name in dir(cls), f"{cls.__name__} lacks {name}, which DecisionQueue uses"
    assert isinstance(cls._desk, Desk)
