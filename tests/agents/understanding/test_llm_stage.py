"""The optional LLM as the understanding stage: function calls from the flow declarations, validated, never trusted
with money. Against the local OpenAI-compatible test server (a real HTTP server), never the network."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bankchat.agents import AgentTeam
from bankchat.agents.flows import FLOWS
from bankchat.agents.llm import LLMClient, LLMConfig
from bankchat.agents.types import Customer, PendingStep
from bankchat.agents.understanding.llm_stage import tools
from tests.agents.customers import account_of, card_of, transfers_of
from tests.agents.dialogue_driver import Conversation
from tests.support.fake_llm import FakeLLM, Raw, Status, Stream, Tools


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    with FakeLLM(default=Status(503)) as server:
        yield server


@pytest.fixture
def chat(alice: Customer, fake_llm: FakeLLM) -> Conversation:
    config = LLMConfig(base_url=fake_llm.base_url, model="fake-model", timeout_seconds=2.0, retries=0)
    return Conversation(alice, team=AgentTeam(llm=LLMClient(config)))


def test_tools_are_generated_from_the_flow_declarations() -> None:
    names = {t["function"]["name"] for t in tools()}
    assert {f"start_{flow.name}" for flow in FLOWS if flow.starts_on} <= names
    transfer = next(t["function"] for t in tools() if t["function"]["name"] == "start_transfer")
    assert set(transfer["parameters"]["properties"]) == {"amount", "target", "source", "reference"}
    assert transfer["parameters"]["additionalProperties"] is False
    waiting = {t["function"]["name"] for t in tools(pending=PendingStep("transfer", "confirm"))}
    assert {"set_slots", "confirm", "hold", "cancel"} <= waiting


def test_model_splits_two_requests_and_quotes_words_we_resolve(
    chat: Conversation, fake_llm: FakeLLM, alice: Customer
) -> None:
    fake_llm.push(Tools([("start_check_balance", {}), ("start_freeze_card", {"card": "the debit one"})]))

    reply = chat.say("balance pls, oh and freeze the debit")

    assert account_of(alice, "checking").name in reply.content
    assert card_of(alice, "debit").status == "frozen"
    sent = fake_llm.requests[0].body
    assert sent["tool_choice"] == "required"
    assert any(t["function"]["name"] == "start_transfer" for t in sent["tools"])


def test_model_transfer_is_read_back_and_needs_our_yes(chat: Conversation, fake_llm: FakeLLM, alice: Customer) -> None:
    count = transfers_of(alice)
    fake_llm.push(Tools([("start_transfer", {"amount": "forty quid", "target": "my savings"})]))
    assert "£40.00" in chat.say("chuck forty quid in the savings").content

    fake_llm.push(Tools([("confirm", {})]))  # the model says "confirm" for a doubt: a doubt is not a yes
    held = chat.say("hmm not sure, is that right")
    assert "nothing has been sent" in held.content
    assert transfers_of(alice) == count

    assert chat.say("yes").content.startswith("Done!")  # a clear yes by rule: the model is not asked
    assert transfers_of(alice) == count + 1
    assert len(fake_llm.requests) == 2


def test_model_quotes_a_reference_as_the_words_themselves(chat: Conversation, fake_llm: FakeLLM) -> None:
    fake_llm.push(Tools([("start_transfer", {"amount": "15", "target": "bob", "reference": "pizza night"})]))
    assert "**Their reference:** pizza night" in chat.say("bob 15 pizza night x").content


@pytest.mark.parametrize(
    "answer",
    [
        Tools([("start_teleport", {})]),
        Tools([("start_transfer", {"amount": "40", "iban": "GB00"})]),
        Tools([("start_transfer", {"amount": 40})]),
        Tools([("start_transfer", "{not json")]),
        Tools([("knowledge", {"topic": "how_to_rob_a_bank"})]),
        Tools([("start_check_balance", {})] * 5),
        Raw(["not json at all"], content_type="application/json"),
        Stream(["I moved the money for you."]),
        Status(500),
    ],
)
def test_invalid_or_hostile_model_output_falls_back_to_the_embedded_stage(
    chat: Conversation, fake_llm: FakeLLM, alice: Customer, answer: object
) -> None:
    count = transfers_of(alice)
    fake_llm.push(answer)  # type: ignore[arg-type]

    reply = chat.say("send 25 to savings")

    assert "Please confirm" in reply.content  # the embedded stage understood it
    assert "£25.00" in reply.content
    assert transfers_of(alice) == count
