"""The agents: an orchestrator in front of specialists, behind one narrow interface."""

from bankchat.agents.orchestrator import AgentTeam
from bankchat.agents.types import Customer, HistoryItem, Orchestrator, Reply, Turn

__all__ = ["AgentTeam", "Customer", "HistoryItem", "Orchestrator", "Reply", "Turn"]
