"""The orchestrator: guardrails in front, understanding (commands), the flow engine, guardrails behind.

Nothing acts before the input guardrail has passed. The understanding stage turns the
message and its context into commands; the engine runs the declared flows
(``bankchat/agents/flows``) and answers everything in one reply. The optional LLM only
phrases knowledge answers and open questions; it never moves money or changes a card.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from bankchat.agents import guardrails
from bankchat.agents.flows import engine
from bankchat.agents.llm import LLMClient, LLMUnavailable, build_messages, safe_text
from bankchat.agents.quick_replies import quick_replies
from bankchat.agents.router import by_rule
from bankchat.agents.types import Reply, Subject, Turn
from bankchat.agents.understanding import Context, understand
from bankchat.agents.understanding.commands import Cancel, ChitChat, Clarify, Confirm, Hold, OutOfScope
from bankchat.agents.understanding.llm_stage import commands_from_llm
from bankchat.db import session_scope

_ASIDES = (ChitChat, Confirm, Cancel, Hold, OutOfScope, Clarify)
"""Commands that answer beside the subject, with nothing waiting: a follow-up after them still refers to
the answer before ("thanks" ... "and the month before?"; a question not understood in between loses nothing)."""
LLM_AGENTS = frozenset({"support", "assistant"})
"""Answers the LLM may phrase: knowledge-base articles and open questions, never money or card actions."""


class AgentTeam:
    """The embedded team of agents (no network, no model download), with an optional LLM."""

    def __init__(self, llm: LLMClient | None = None) -> None:
        self.llm = llm
        """Phrases support answers and takes open questions when configured; never acts on the bank."""

    @property
    def streams(self) -> bool:
        """Whether a reply may arrive piece by piece: only the LLM streams."""
        return self.llm is not None

    def respond(self, turn: Turn) -> Reply:
        """Answer one turn and say what is left waiting."""
        check = guardrails.check_input(turn.text)
        if check.tripwire_triggered:
            return dataclasses.replace(_refusal(check.reason), pending=turn.pending)
        today = turn.today or datetime.now(UTC).date()
        last = _last(turn)
        commands, failed = None, ""
        approving = turn.pending is not None and turn.pending.stage == "approve"  # a code is never the model's
        if self.llm is not None and by_rule(turn.text) is None and not approving:  # rules decide yes, no, hello
            commands, failed = commands_from_llm(self.llm, turn, last)
        with session_scope() as db:
            if commands is None:  # no LLM, or it failed or answered anything invalid: the embedded stage
                context = Context(db=db, owner=turn.customer.user_id, today=today, pending=turn.pending, last=last)
                commands = understand(turn.text, context)
            reply = engine.run(commands, turn, db)
        if reply.subject is None and turn.pending is None and all(isinstance(c, _ASIDES) for c in commands):
            reply = dataclasses.replace(reply, subject=last)  # "thanks" or a stray "yes": the subject stays
        if failed:
            action = {"llm": "fallback", "stage": "understanding", "reason": failed}
            reply = dataclasses.replace(reply, actions=[*reply.actions, action])
        if self.llm is not None and reply.agent in LLM_AGENTS and len(commands) == 1 and reply.pending == turn.pending:
            reply = _with_llm(self.llm, turn, reply)
        reply = _masked(reply)
        return dataclasses.replace(reply, quick_replies=quick_replies(reply))


def _last(turn: Turn) -> Subject | None:
    """The subject of the last bot reply, if the last thing said before this message was one."""
    for item in reversed(turn.history):
        if item.role == "assistant":
            return item.subject
        if item.role == "staff":
            return None
    return None


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
