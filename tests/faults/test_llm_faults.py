"""The optional LLM timing out, failing or refusing: the embedded answer is stored with a trace that says
so, the customer's message is kept once, and a retry replays the stored answer without asking the model."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from bankchat.agents import AgentTeam
from bankchat.agents.llm import LLMClient, LLMConfig
from bankchat.db import session_scope
from bankchat.services import ChatService, SessionManager, SessionView, UserView
from tests.faults.helpers import messages, replies_to
from tests.faults.tally import TALLY
from tests.support.fake_llm import FakeLLM, Raw, Response, Status, Stream, Tools
from tests.support.live_server import free_port

QUESTION = "my new card still hasn't arrived"
"""Answered by the support agent from its article, which the LLM may rephrase."""
UNDERSTOOD = Tools([("knowledge", {"topic": "card_arrival"})])
"""The model's understanding of ``QUESTION`` (its first request); the faults hit the phrasing that follows."""


@pytest.fixture
def llm_server() -> Iterator[FakeLLM]:
    """A local OpenAI-compatible server; each test scripts its faults."""
    with FakeLLM() as server:
        yield server


def _service(base_url: str, *, retries: int = 0) -> ChatService:
    config = LLMConfig(
        base_url=base_url,
        model="fake-model",
        timeout_seconds=0.5,
        connect_timeout_seconds=0.5,
        retries=retries,
        backoff_seconds=0.01,
        max_backoff_seconds=0.05,
        max_retry_after_seconds=0.1,
    )
    return ChatService(orchestrator=AgentTeam(llm=LLMClient(config)), sessions=SessionManager())


def _conversation(service: ChatService, user: UserView) -> SessionView:
    with session_scope() as db:
        return service.start_conversation(db=db, user=user)


def _llm_actions(trace: dict) -> list[dict]:
    """The phrasing step's LLM actions (the understanding stage's, if any, are checked on their own)."""
    return [a for a in trace["actions"] if "llm" in a and "stage" not in a]


def _assert_stored_once(conversation: SessionView, cid: str) -> None:
    with session_scope() as db:
        rows = messages(db, conversation.session_id)
        mine = [m for m in rows if m.client_message_id == cid]
        TALLY.settle(expected=1, stored=len(mine), what="the customer's message")
        assert mine[0].id is not None
        TALLY.settle(expected=1, stored=replies_to(db, mine[0].id), what="replies")
        TALLY.settle(expected=2, stored=len(rows), what="messages in the session")


FAULTS: dict[str, tuple[Response, set[str]]] = {
    "timeout": (Stream(["Too ", "late."], delay=2.0), {"timeout"}),
    "http 500": (Status(500), {"http_500"}),
    "http 503": (Status(503), {"http_503"}),
    "http 429": (Status(429, retry_after=30), {"http_429"}),
    "stream cut": (Stream(["Your card ", "is on its way"], break_after=1), {"network", "bad_stream"}),
    "not a stream": (Raw(["<html>gateway error</html>"], content_type="text/html"), {"bad_stream"}),
    "no [DONE]": (Stream(["Half an answer"], done=False), {"bad_stream"}),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_llm_fault_stores_embedded_answer_once(llm_server: FakeLLM, customer: UserView, fault: str) -> None:
    response, reasons = FAULTS[fault]
    llm_server.push(UNDERSTOOD, response)
    service = _service(llm_server.base_url)
    conversation = _conversation(service, customer)
    cid = str(uuid.uuid4())

    exchange = service.send_message(
        session_id=conversation.session_id, user=customer, content=QUESTION, client_message_id=cid
    )

    TALLY.inject()
    assert len(llm_server.requests) == 2
    assert exchange.reply.agent == "support"
    assert exchange.reply.content.startswith("**")  # the knowledge-base article itself
    assert "Your card is on" not in exchange.reply.content  # no half-streamed text was stored
    [action] = _llm_actions(exchange.reply.trace)
    assert action["llm"] == "fallback"
    assert action["reason"] in reasons
    _assert_stored_once(conversation, cid)

    again = service.send_message(
        session_id=conversation.session_id, user=customer, content=QUESTION, client_message_id=cid
    )

    assert again.replayed
    assert (again.message.id, again.reply.id) == (exchange.message.id, exchange.reply.id)
    assert len(llm_server.requests) == 2  # the stored answer, without asking the model again
    _assert_stored_once(conversation, cid)


def test_llm_unreachable_stores_embedded_answer_once(customer: UserView) -> None:
    service = _service(f"http://127.0.0.1:{free_port()}/v1")  # nothing listens there
    conversation = _conversation(service, customer)
    cid = str(uuid.uuid4())

    exchange = service.send_message(
        session_id=conversation.session_id, user=customer, content=QUESTION, client_message_id=cid
    )

    TALLY.inject()
    assert _llm_actions(exchange.reply.trace) == [{"llm": "fallback", "reason": "connect"}]
    understanding = [a for a in exchange.reply.trace["actions"] if a.get("stage") == "understanding"]
    assert understanding == [{"llm": "fallback", "stage": "understanding", "reason": "connect"}]
    assert exchange.reply.content.startswith("**")
    _assert_stored_once(conversation, cid)


@pytest.mark.parametrize("first", [Status(500), Status(429, retry_after=0.05), Stream(["x"], delay=2.0)])
def test_llm_fault_then_success_is_retried_before_any_text(
    llm_server: FakeLLM, customer: UserView, first: Response
) -> None:
    llm_server.push(UNDERSTOOD, first, Stream(["Cards usually arrive ", "in 3-5 working days."]))
    service = _service(llm_server.base_url, retries=1)
    conversation = _conversation(service, customer)
    cid = str(uuid.uuid4())

    exchange = service.send_message(
        session_id=conversation.session_id, user=customer, content=QUESTION, client_message_id=cid
    )

    TALLY.inject()
    assert len(llm_server.requests) == 3
    assert exchange.reply.content == "Cards usually arrive in 3-5 working days."
    assert _llm_actions(exchange.reply.trace) == [{"llm": "used", "model": "fake-model", "draft": True}]
    _assert_stored_once(conversation, cid)
