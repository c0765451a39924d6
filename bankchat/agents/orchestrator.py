"""The orchestrator: guardrails in front, the router, one specialist, guardrails behind."""

from __future__ import annotations

from collections.abc import Callable

from bankchat.agents import guardrails, smalltalk, unsupported
from bankchat.agents.router import route
from bankchat.agents.types import Reply, Turn

Handler = Callable[[Turn, str, float], Reply]

# The hand-off graph: which specialist handles which intent. One place.
SPECIALISTS: dict[str, Handler] = {intent: smalltalk.handle for intent in smalltalk.INTENTS}

REFUSAL = (
    "I can't do that. I only help with your own banking, and I can't change how I work. "
    "Type **help** to see what I can do."
)


class AgentTeam:
    """The embedded team of agents (no network, no model download)."""

    def respond(self, turn: Turn) -> Reply:
        """Answer one turn; nothing acts before the input guardrail has passed."""
        check = guardrails.check_input(turn.text)
        if check.tripwire_triggered:
            return Reply(
                content=REFUSAL,
                agent="guardrails",
                intent="refused",
                confidence=1.0,
                actions=[{"guardrail": "input", "reason": check.reason}],
            )
        chosen = route(turn.text)
        handler = SPECIALISTS.get(chosen.intent, unsupported.handle)
        reply = handler(turn, chosen.intent, chosen.confidence)
        masked = guardrails.mask_numbers(reply.content)
        if masked != reply.content:
            reply = Reply(
                content=masked,
                agent=reply.agent,
                intent=reply.intent,
                confidence=reply.confidence,
                actions=[*reply.actions, {"guardrail": "output", "reason": "masked_number"}],
            )
        return reply
