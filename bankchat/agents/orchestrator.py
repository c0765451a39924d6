"""The orchestrator: guardrails in front, the router, one specialist (or the waiting flow), guardrails behind.

The hand-off graph lives here: which specialist serves which intent, and which flow
continues a waiting step. Nothing acts before the input guardrail has passed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from types import ModuleType

from bankchat.agents import accounts, cards, guardrails, handoff, smalltalk, support, transactions, transfers
from bankchat.agents.clarify import clarifying_question
from bankchat.agents.llm import LLMClient, LLMUnavailable, build_messages, safe_text
from bankchat.agents.router import Route, route
from bankchat.agents.types import Reply, Turn

Handler = Callable[[Turn, str, float], Reply]

# Later entries win: the cards agent acts on lost_or_stolen_card, which support also knows.
SPECIALISTS: dict[str, Handler] = {
    intent: module.handle
    for module in (support, smalltalk, accounts, transactions, transfers, cards, handoff)
    for intent in module.INTENTS
}
FLOWS: dict[str, ModuleType] = {transfers.FLOW: transfers, cards.FLOW: cards, cards.CHOICE_FLOW: cards}
"""Waiting steps, by flow name: each module has ``continues``, ``resume`` and ``reminder``."""

CONFIDENCE_FLOOR = 0.35
"""Below this the router's guess is not acted on: the customer gets a clarifying question."""


class AgentTeam:
    """The embedded team of agents (no network, no model download), with an optional LLM."""

    def __init__(self, llm: LLMClient | None = None) -> None:
        self.llm = llm
        """Phrases support answers and takes open questions when configured; never acts on the bank."""

    def respond(self, turn: Turn) -> Reply:
        """Answer one turn and say what is left waiting."""
        check = guardrails.check_input(turn.text)
        if check.tripwire_triggered:
            reply = _refusal(check.reason)
            return dataclasses.replace(reply, pending=turn.pending)
        chosen = route(turn.text)
        if chosen.confidence < CONFIDENCE_FLOOR:
            chosen = dataclasses.replace(chosen, intent="unknown")  # a guess is not acted on
        flow = FLOWS.get(turn.pending.flow) if turn.pending else None
        if flow is not None and flow.continues(turn, chosen.intent):
            reply = flow.resume(turn, chosen.intent, chosen.confidence)
        else:
            reply = self._answer(turn, chosen)
            if self.llm is not None and reply.agent in LLM_AGENTS and reply.pending is None:
                reply = _with_llm(self.llm, turn, reply)
            if flow is not None and turn.pending is not None and reply.pending is None:
                reply = dataclasses.replace(
                    reply, content=f"{reply.content}\n\n{flow.reminder(turn.pending)}", pending=turn.pending
                )
        return _masked(reply)

    def _answer(self, turn: Turn, chosen: Route) -> Reply:
        if chosen.intent == "unknown":
            return clarifying_question(chosen)
        if chosen.intent in ("confirm", "deny"):
            text = "There's nothing waiting for your confirmation right now. How can I help?"
            return Reply(text, "assistant", chosen.intent, chosen.confidence)
        if chosen.intent == "out_of_scope":
            return _refusal("out_of_scope", chosen.confidence)
        handler = SPECIALISTS.get(chosen.intent)
        if handler is None:
            return clarifying_question(chosen)
        return handler(turn, chosen.intent, chosen.confidence)


LLM_AGENTS = frozenset({"support", "assistant"})
"""Answers the LLM may phrase: knowledge-base articles and open questions, never money or card actions."""


def _with_llm(llm: LLMClient, turn: Turn, reply: Reply) -> Reply:
    """The model's answer, streamed to ``turn.on_token``; the embedded answer if the model fails."""
    draft = reply.content if reply.agent == "support" else None
    chunks: list[str] = []
    try:
        for chunk in llm.stream_reply(build_messages(turn, draft=draft)):
            chunks.append(chunk)
            if turn.on_token is not None:
                turn.on_token(chunk)
    except LLMUnavailable as exc:
        return dataclasses.replace(reply, actions=[*reply.actions, {"llm": "fallback", "reason": exc.reason}])
    text = safe_text("".join(chunks)).strip()
    if not text:
        return dataclasses.replace(reply, actions=[*reply.actions, {"llm": "fallback", "reason": "empty"}])
    action = {"llm": "used", "model": llm.config.model, "draft": draft is not None}
    return dataclasses.replace(reply, content=text, actions=[*reply.actions, action])


def _refusal(reason: str, confidence: float = 1.0) -> Reply:
    return Reply(
        content=guardrails.REFUSALS[reason],
        agent="guardrails",
        intent="refused" if reason != "out_of_scope" else "out_of_scope",
        confidence=confidence,
        actions=[{"guardrail": "input", "reason": reason}],
    )


def _masked(reply: Reply) -> Reply:
    masked = guardrails.mask_numbers(reply.content)
    if masked == reply.content:
        return reply
    actions = [*reply.actions, {"guardrail": "output", "reason": "masked_number"}]
    return dataclasses.replace(reply, content=masked, actions=actions)
