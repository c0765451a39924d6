"""The understanding stage: a message and its context in, an ordered list of commands out."""

from bankchat.agents.understanding.commands import Command
from bankchat.agents.understanding.context import Context
from bankchat.agents.understanding.stage import understand

__all__ = ["Command", "Context", "understand"]
