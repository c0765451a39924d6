"""The optional LLM: an OpenAI-compatible endpoint that may phrase answers and handle open questions.

It has no access to the bank: it only sees the messages built here and returns text, so money never
moves on the model's word. Without ``BANKCHAT_LLM_BASE_URL`` nothing here is used.
"""

from bankchat.agents.llm.client import LLMClient, LLMUnavailable
from bankchat.agents.llm.config import LLMConfig
from bankchat.agents.llm.guard import safe_text
from bankchat.agents.llm.prompt import SYSTEM_PROMPT, build_messages

__all__ = ["SYSTEM_PROMPT", "LLMClient", "LLMConfig", "LLMUnavailable", "build_messages", "safe_text"]
