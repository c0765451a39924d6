"""Helpers for the flow tests: commands run by the real engine, or a message through the understanding stage first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from bankchat.agents.flows import engine
from bankchat.agents.router import Route
from bankchat.agents.types import Customer, HistoryItem, PendingStep, Reply
from bankchat.agents.understanding import Command, Context, understand
from bankchat.agents.understanding.commands import StartFlow
from bankchat.db import session_scope
from tests.agents.customers import SEED_DAY, SESSION_ID, say


def run(
    customer: Customer,
    *commands: Command,
    text: str = "",
    pending: PendingStep | None = None,
    history: tuple[HistoryItem, ...] = (),
    session_id: str = SESSION_ID,
    today: date = SEED_DAY,
) -> Reply:
    """The engine's reply to ``commands`` for the message ``text``, in one database session like the team's."""
    turn = say(customer, text, pending=pending, history=history, session_id=session_id, today=today)
    with session_scope() as db:
        return engine.run(list(commands), turn, db)


def start(
    customer: Customer,
    flow: str,
    text: str,
    *,
    confidence: float = 0.9,
    pending: PendingStep | None = None,
    today: date = SEED_DAY,
) -> Reply:
    """Start ``flow`` from the words ``text`` (the command the stage gives for a request of its own)."""
    return run(customer, StartFlow(flow, text, confidence), text=text, pending=pending, today=today)


def pinned(intent: str, confidence: float = 0.9) -> Callable[[str], Route]:
    """A classifier that always answers ``intent``: the stage's own rules are then all that decide."""
    return lambda text: Route(intent, confidence)


def commands_for(
    customer: Customer,
    text: str,
    *,
    pending: PendingStep | None = None,
    classify: Callable[[str], Route] | None = None,
    today: date = SEED_DAY,
) -> list[Command]:
    """The understanding stage's commands for ``text`` (the real classifier unless one is pinned)."""
    with session_scope() as db:
        context = Context(db=db, owner=customer.user_id, today=today, pending=pending, classify=classify)
        return understand(text, context)


def respond(
    customer: Customer,
    text: str,
    *,
    pending: PendingStep | None = None,
    classify: Callable[[str], Route] | None = None,
    today: date = SEED_DAY,
) -> Reply:
    """``text`` understood (the classifier pinned if given) and run, as the team does without its guardrails."""
    with session_scope() as db:
        context = Context(db=db, owner=customer.user_id, today=today, pending=pending, classify=classify)
        commands = understand(text, context)
        return engine.run(commands, say(customer, text, pending=pending, today=today), db)
