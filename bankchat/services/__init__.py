"""The application services: no UI and no HTTP in here."""

from __future__ import annotations

from functools import lru_cache

from bankchat.agents import AgentTeam
from bankchat.agents.llm import LLMClient, LLMConfig
from bankchat.services.chat_service import ChatService, Exchange
from bankchat.services.conversations import Conversations, HistoryPage
from bankchat.services.session_manager import SessionManager
from bankchat.services.views import MessageView, SessionView, UserView


@lru_cache
def chat_service() -> ChatService:
    """The process-wide ChatService, wired to the embedded agent team."""
    config = LLMConfig.from_settings()
    return ChatService(orchestrator=AgentTeam(llm=LLMClient(config) if config else None), sessions=SessionManager())


__all__ = [
    "ChatService",
    "Conversations",
    "Exchange",
    "HistoryPage",
    "MessageView",
    "SessionManager",
    "SessionView",
    "UserView",
    "chat_service",
]
