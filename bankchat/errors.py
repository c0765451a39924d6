"""BankChat's errors. Each carries a stable ``code``; the API maps them to statuses.

BankChatError
├── InvalidInput            bad or missing input (422)
│   └── MissingSessionId    no session ID given where one is required (400)
├── AuthError
│   ├── InvalidCredentials  wrong username or password, one message for all (401)
│   ├── InvalidToken        missing, unknown, expired or revoked token (401)
│   └── Forbidden           authenticated but not allowed (403)
├── NotFound
│   └── SessionNotFound     unknown session, or another user's (404)
└── Conflict
    ├── SessionClosed       the session is closed or expired (409)
    └── DuplicateUser       username already taken (409)
"""

from __future__ import annotations


class BankChatError(Exception):
    """Base of every error BankChat raises on purpose."""

    code = "error"
    default_detail = "Something went wrong"

    def __init__(self, detail: str | None = None) -> None:
        self.detail = detail or self.default_detail
        super().__init__(self.detail)


class InvalidInput(BankChatError):
    code = "invalid_input"
    default_detail = "Invalid input"


class MissingSessionId(InvalidInput):
    code = "missing_session_id"
    default_detail = "A session ID is required"


class AuthError(BankChatError):
    code = "auth_error"


class InvalidCredentials(AuthError):
    code = "invalid_credentials"
    default_detail = "Invalid username or password"


class InvalidToken(AuthError):
    code = "invalid_token"
    default_detail = "Not signed in or the sign-in has expired"


class Forbidden(AuthError):
    code = "forbidden"
    default_detail = "You are not allowed to do that"


class NotFound(BankChatError):
    code = "not_found"
    default_detail = "Not found"


class SessionNotFound(NotFound):
    code = "session_not_found"
    default_detail = "Session not found"


class Conflict(BankChatError):
    code = "conflict"
    default_detail = "Conflict"


class SessionClosed(Conflict):
    code = "session_closed"
    default_detail = "This session is closed"


class DuplicateUser(Conflict):
    code = "duplicate_user"
    default_detail = "That username is taken"


__all__ = [
    "AuthError",
    "BankChatError",
    "Conflict",
    "DuplicateUser",
    "Forbidden",
    "InvalidCredentials",
    "InvalidInput",
    "InvalidToken",
    "MissingSessionId",
    "NotFound",
    "SessionClosed",
    "SessionNotFound",
]
