"""BankChat's tables: plain SQLModel classes, nothing else."""

from bankchat.models.message import Message
from bankchat.models.session import ChatSession, Session
from bankchat.models.types import UTCDateTime, utcnow
from bankchat.models.user import ApiToken, User

__all__ = ["ApiToken", "ChatSession", "Message", "Session", "UTCDateTime", "User", "utcnow"]
