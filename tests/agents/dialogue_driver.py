"""A conversation with the real agents in memory: the waiting step and the history carried as ChatService does."""

from __future__ import annotations

from dataclasses import dataclass, field

from bankchat.agents import AgentTeam
from bankchat.agents.types import Customer, HistoryItem, PendingStep, Reply
from tests.agents.customers import say, start_conversation


@dataclass
class Conversation:
    """Say things to the agents one after another, like the chat page does."""

    customer: Customer
    team: AgentTeam = field(default_factory=AgentTeam)
    pending: PendingStep | None = None
    history: list[HistoryItem] = field(default_factory=list)
    session_id: str = ""

    def say(self, text: str) -> Reply:
        """Send ``text`` and keep what the reply leaves waiting."""
        if not self.session_id:
            self.session_id = start_conversation(self.customer)  # a real session: a hand-off row points at it
        turn = say(self.customer, text, pending=self.pending, history=tuple(self.history), session_id=self.session_id)
        reply = self.team.respond(turn)
        self.history += [
            HistoryItem("user", text),
            HistoryItem("assistant", reply.content, reply.agent, reply.subject),
        ]
        self.pending = reply.pending
        return reply
