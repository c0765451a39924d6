"""Every story, turn by turn, through the real ChatService, agents and a seeded database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import Session as Db
from sqlmodel import select

from bankchat.agents import AgentTeam
from bankchat.db import session_scope
from bankchat.models import Handoff, User
from bankchat.services import ChatService, SessionManager, UserView
from bankchat.services.seed import seed_demo_data
from tests.agents.conversations import facts
from tests.agents.conversations.stories import STORIES, Story
from tests.factories import fresh_database


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A fresh database with the demo users and their bank."""
    with fresh_database(tmp_path_factory.mktemp("stories") / "stories.db"):
        seed_demo_data()
        yield


@pytest.fixture(scope="module")
def service() -> ChatService:
    return ChatService(orchestrator=AgentTeam(), sessions=SessionManager())


def _user(db: Db, username: str) -> UserView:
    return UserView.of(db.exec(select(User).where(User.username == username)).one())


def _effects(db: Db, owner: int, session_id: str) -> dict[str, object]:
    handoffs = db.exec(select(Handoff).where(Handoff.session_id == session_id)).all()
    return {
        "transfers": facts.transfers_made(db, owner),
        "card": facts.card_status(db, owner),
        "handoffs": len(handoffs),
    }


@pytest.mark.parametrize("story", STORIES, ids=[s.name for s in STORIES])
def test_story(story: Story, seeded: None, service: ChatService) -> None:
    with session_scope() as db:
        user = _user(db, story.user)
        conversation = service.start_conversation(db=db, user=user)
    for number, step in enumerate(story.steps, start=1):
        with session_scope() as db:
            before = _effects(db, user.id, conversation.session_id)
        exchange = service.send_message(session_id=conversation.session_id, user=user, content=step.says)
        reply = exchange.reply
        where = f"step {number} {step.says!r} → [{reply.agent}/{reply.intent} {reply.confidence:.2f}] {reply.content!r}"
        assert reply.agent == step.agent, where
        with session_scope() as db:
            for fact in step.facts:
                expected = fact(db, user.id)
                assert expected in reply.content, f"{where}\nmissing fact: {expected!r}"
            after = _effects(db, user.id, conversation.session_id)
        _check_effect(step.effect, before, after, where)


def _check_effect(effect: str, before: dict[str, object], after: dict[str, object], where: str) -> None:
    if effect == "transfer":
        assert after["transfers"] == before["transfers"] + 1, where  # type: ignore[operator]
    elif effect == "no_transfer":
        assert after["transfers"] == before["transfers"], where
    elif effect.startswith("card_"):
        assert after["card"] == effect.removeprefix("card_"), where
    elif effect == "handoff":
        assert after["handoffs"] == 1, where
    else:
        assert effect == "", f"unknown effect {effect!r}"
