"""BankChat's tables: plain SQLModel classes, nothing else."""

from bankchat.models.audit import AuditEntry
from bankchat.models.bank import Account, Card, LedgerEntry, Payee, Transfer
from bankchat.models.conversation import ConversationState, Handoff
from bankchat.models.dispute import DISPUTE_REASONS, DISPUTE_STATUSES, Dispute
from bankchat.models.feedback import MessageFeedback
from bankchat.models.login_attempt import LoginAttempt
from bankchat.models.message import Message
from bankchat.models.metrics import MetricCounter
from bankchat.models.payment_review import PaymentReview
from bankchat.models.security import Approval, Authenticator
from bankchat.models.session import DEFAULT_TITLE, ChatSession, Session
from bankchat.models.standing_order import StandingOrder, StandingOrderRun
from bankchat.models.types import UTCDateTime, table_of, utcnow
from bankchat.models.user import ApiToken, User
from bankchat.models.views import view_of

__all__ = [
    "DEFAULT_TITLE",
    "DISPUTE_REASONS",
    "DISPUTE_STATUSES",
    "Account",
    "ApiToken",
    "Approval",
    "AuditEntry",
    "Authenticator",
    "Card",
    "ChatSession",
    "ConversationState",
    "Dispute",
    "Handoff",
    "LedgerEntry",
    "LoginAttempt",
    "Message",
    "MessageFeedback",
    "MetricCounter",
    "Payee",
    "PaymentReview",
    "Session",
    "StandingOrder",
    "StandingOrderRun",
    "Transfer",
    "UTCDateTime",
    "User",
    "table_of",
    "utcnow",
    "view_of",
]
