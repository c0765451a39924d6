"""The agents: an orchestrator in front of specialists, behind one narrow interface."""

from bankchat.agents.orchestrator import AgentTeam
from bankchat.agents.types import Customer, HistoryItem, Orchestrator, PendingStep, Reply, Turn

__all__ = ["AgentTeam", "Customer", "HistoryItem", "Orchestrator", "PendingStep", "Reply", "Turn"]
