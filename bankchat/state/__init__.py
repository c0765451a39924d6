"""Reflex state classes, thin over ``bankchat.services``."""

from bankchat.state.auth_state import AuthState
from bankchat.state.chat_state import ChatState

__all__ = ["AuthState", "ChatState"]
