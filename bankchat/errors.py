"""BankChat's errors. Each carries a stable ``code``; the API maps them to statuses.

BankChatError
├── InvalidInput            bad or missing input (422)
│   ├── MissingSessionId    no session ID given where one is required (400)
│   ├── StandingOrderRejected  a standing order the bank won't set up or change; ``code`` says why (422)
│   ├── InvalidCursor       a paging cursor this list never issued (tampered, or another's) (422)
│   ├── NotDisputable       a dispute of something that is no payment out, or for an unknown reason (422)
│   ├── InvalidMonth        a statement month that is no month (``2025-13``) (422)
│   ├── UnreadableText      text that is not valid Unicode (a lone surrogate) (422)
│   ├── TextTooLong         a message over the length limit (422)
│   ├── InvalidBankDetails  a sort code, account number or IBAN that fails its format or check (422)
│   └── InvalidPayeeName    a payee name or nickname that is empty, too long or unprintable (422)
├── AuthError
│   ├── InvalidCredentials  wrong username or password, one message for all (401)
│   ├── InvalidToken        missing, unknown, expired or revoked token (401)
│   └── Forbidden           authenticated but not allowed (403)
│       ├── NotAManager     a console service called by someone without the manager role
│       └── InvalidLink     a statement download link that was altered, or not made by us (403)
│           └── LinkExpired a statement download link past its expiry (410)
├── NotFound
│   ├── SessionNotFound     unknown session, or another user's (404)
│   ├── AccountNotFound     unknown account, or another user's (404)
│   ├── CardNotFound        unknown card, or another user's (404)
│   ├── HandoffNotFound     no open hand-off for the conversation (404)
│   ├── DisputeNotFound     unknown dispute case, or another user's (404)
│   ├── PayeeNotFound       unknown payee, or another user's (404)
│   ├── AuthenticatorNotFound  unknown passkey or authenticator app, or another user's (404)
│   ├── ApprovalNotFound    unknown approval, or another user's (404)
│   ├── ReviewNotFound      no held payment with that reference (404)
│   ├── StandingOrderNotFound  unknown standing order, or another user's (404)
│   └── StatementNotFound   a month the account has no statement for (before its first, or still to come) (404)
├── Conflict
│   ├── SessionClosed       the session is closed or expired (409)
│   ├── DuplicateUser       username already taken (409)
│   ├── AlreadyEnrolled     an authenticator app is already set up (409)
│   ├── ReviewRefused       a held payment decided twice, or rejected without a note (409)
│   ├── ApprovalNotNeeded   an approval asked for an operation that needs none (409)
│   ├── ApprovalRefused     a code or passkey signature that approves nothing; ``code`` says why (409)
│   ├── TransferRejected    the bank refused a transfer; ``code`` says why (409)
│   ├── CardActionRejected  the bank refused a card action, e.g. unfreezing a lost card (409)
│   ├── DuplicatePayee      a payee with that name or those bank details exists; ``detail`` names it (409)
│   ├── DisputeRefused      a payment disputed twice, or a decided case decided again; ``code`` says why (409)
│   └── ReplyStopped        the customer stopped a streamed reply; what they saw is stored instead (409)
├── Throttled               slow down; ``retry_after`` says for how many seconds (429 + Retry-After)
│   ├── TooManyAttempts     too many failed sign-ins for a username or from an address
│   └── RateLimited         too many messages or new sessions for one user
└── AgentsUnavailable       the agents failed on a stored message; retrying it is safe (503 + Retry-After)
"""

from __future__ import annotations

from typing import Any


class BankChatError(Exception):
    """Base of every error BankChat raises on purpose.

    A subclass names its ``code`` and its ``default_detail`` as class keywords:
    ``class InvalidToken(AuthError, code="invalid_token", detail="..."): ...``; one it leaves out is inherited.
    """

    code = "error"
    default_detail = "Something went wrong"

    def __init_subclass__(cls, *, code: str | None = None, detail: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if code is not None:
            cls.code = code
        if detail is not None:
            cls.default_detail = detail

    def __init__(self, detail: str | None = None) -> None:
        self.detail = detail or self.default_detail
        super().__init__(self.detail)


class _ReasonCoded(BankChatError):
    """An error whose ``code`` is the reason given where it is raised (the class's own ``code`` when none is)."""

    def __init__(self, reason_code: str | None = None, detail: str | None = None) -> None:
        super().__init__(detail)
        if reason_code:
            self.code = reason_code

    @property
    def reason(self) -> str:
        """The reason code (the same as ``code``)."""
        return self.code


class InvalidInput(BankChatError, code="invalid_input", detail="Invalid input"): ...


class MissingSessionId(InvalidInput, code="missing_session_id", detail="A session ID is required"): ...


class InvalidCursor(
    InvalidInput, code="invalid_cursor", detail="Unknown `before` cursor: pass a `nextBefore` from the previous page"
): ...


class UnreadableText(
    InvalidInput, code="invalid_input", detail="The text contains characters that cannot be stored"
): ...


class TextTooLong(InvalidInput, code="invalid_input", detail="The message is too long"): ...


class InvalidBankDetails(InvalidInput, code="invalid_bank_details", detail="Those bank details are not valid"):
    """A sort code, account number or IBAN that fails its format or its check; ``detail`` says which and why."""


class InvalidPayeeName(InvalidInput, code="invalid_payee_name", detail="That name can't be used for a payee"): ...


class StandingOrderRejected(
    _ReasonCoded, InvalidInput, code="standing_order_rejected", detail="The standing order is not valid"
):
    """A standing order the bank won't set up or change; nothing changed.

    Reason codes: ``invalid_amount``, ``over_limit``, ``unknown_payee``, ``unknown_account``,
    ``same_account``, ``source_not_allowed``, ``invalid_schedule``, ``invalid_date``, ``start_in_past``,
    ``start_too_late``, ``invalid_end``, ``invalid_reference``, ``cancelled``.
    """


class NotDisputable(InvalidInput, code="not_disputable", detail="Only a payment out of your account can be disputed"):
    """A dispute that cannot be opened as asked (a payment in, an unknown reason, a rejection without a note)."""


class InvalidMonth(InvalidInput, code="invalid_month", detail="A statement month is written YYYY-MM, e.g. 2025-02"): ...


class AuthError(BankChatError, code="auth_error"): ...


class InvalidCredentials(AuthError, code="invalid_credentials", detail="Invalid username or password"): ...


class InvalidToken(AuthError, code="invalid_token", detail="Not signed in or the sign-in has expired"): ...


class Forbidden(AuthError, code="forbidden", detail="You are not allowed to do that"): ...


class ApprovalRequired(
    Forbidden,
    code="approval_required",
    detail="This needs your approval: ask for one, approve it with your passkey or app, then send its approvalId",
):
    """An operation that needs strong customer authentication, sent without an approval of exactly it."""


class OwnPayment(Forbidden, code="own_payment", detail="A payment is approved by someone else than its customer"):
    """Four eyes: a member of staff deciding their own held payment."""


class NotAManager(Forbidden, detail="This needs the manager role"):
    """The manager console's services refuse anyone without the manager role (``code`` stays ``forbidden``)."""


class InvalidLink(
    Forbidden,
    code="invalid_link",
    detail="This download link is not valid. Ask for the statement again in the chat for a new one.",
):
    """A signed statement link whose signature does not match what it names (altered, or made up)."""


class LinkExpired(
    InvalidLink,
    code="link_expired",
    detail="This download link has expired. Ask for the statement again in the chat for a new one.",
):
    """A signed statement link past its expiry: a leaked link works only for minutes."""


class NotFound(BankChatError, code="not_found", detail="Not found"): ...


class SessionNotFound(NotFound, code="session_not_found", detail="Session not found"): ...


class AccountNotFound(NotFound, code="account_not_found", detail="Account not found"): ...


class HandoffNotFound(NotFound, code="handoff_not_found", detail="There is no open hand-off for this conversation"): ...


class CardNotFound(NotFound, code="card_not_found", detail="Card not found"): ...


class PayeeNotFound(NotFound, code="payee_not_found", detail="Payee not found"): ...


class StandingOrderNotFound(NotFound, code="standing_order_not_found", detail="Standing order not found"): ...


class DisputeNotFound(NotFound, code="dispute_not_found", detail="Dispute not found"): ...


class StatementNotFound(NotFound, code="statement_not_found", detail="There is no statement for that month"): ...


class TransactionNotFound(NotFound, code="transaction_not_found", detail="Transaction not found"): ...


class AuthenticatorNotFound(NotFound, code="authenticator_not_found", detail="Authenticator not found"): ...


class ReviewNotFound(NotFound, code="review_not_found", detail="No held payment with that reference"): ...


class ApprovalNotFound(NotFound, code="approval_not_found", detail="Approval not found"): ...


class Conflict(BankChatError, code="conflict", detail="Conflict"): ...


class SessionClosed(Conflict, code="session_closed", detail="This session is closed"): ...


class DuplicateUser(Conflict, code="duplicate_user", detail="That username is taken"): ...


class ApprovalNotNeeded(Conflict, code="approval_not_needed", detail="This needs no approval: just send it"): ...


class AlreadyEnrolled(
    Conflict, code="already_enrolled", detail="An authenticator app is already set up; remove it first"
): ...


class _Refusal(_ReasonCoded, Conflict):
    """A refusal whose ``code`` is the reason, e.g. ``insufficient_funds``."""


class TransferRejected(_Refusal, code="transfer_rejected", detail="The transfer could not be made"):
    """A transfer the bank will not make; nothing moved.

    Reason codes: ``invalid_amount``, ``invalid_request``, ``source_not_allowed``,
    ``unknown_target``, ``same_account``, ``insufficient_funds``,
    ``over_daily_limit``, ``idempotency_conflict``.
    """


class CardActionRejected(_Refusal, code="card_action_rejected", detail="That cannot be done with this card"):
    """A card action the bank will not take (reason ``card_lost``); nothing changed."""


class ApprovalRefused(_Refusal, code="approval_refused", detail="That did not approve it"):
    """A code or passkey signature that approves nothing: reason ``wrong_code``, ``bad_signature``, ``expired``,
    ``locked`` or ``used``; nothing was approved."""


class DuplicatePayee(Conflict, code="duplicate_payee", detail="You already have that payee"):
    """A payee of the same name (any case) or the same bank details is already saved; nothing was changed."""


class DisputeRefused(_Refusal, code="dispute_refused", detail="That cannot be done with this dispute"):
    """A dispute step the bank will not take; nothing changed.

    Reason codes: ``already_disputed`` (the payment has a case), ``already_decided`` (refunded or rejected before),
    ``already_reopened`` (a rejected case is reopened by its customer once), ``not_rejected`` (only a rejected
    case can be reopened).
    """


class ReviewRefused(_Refusal, code="review_refused", detail="That cannot be done with this payment"):
    """A held payment's decision the bank will not take: ``already_decided``, ``note_required``."""


class ReplyStopped(Conflict, code="reply_stopped", detail="The reply was stopped"):
    """The customer pressed "Stop" while the reply streamed: the turn stores nothing for it."""


class AgentsUnavailable(
    BankChatError,
    code="agents_unavailable",
    detail="The assistant could not answer just now. Your message is saved; please try again.",
):
    """The customer's message is stored but could not be answered now; the same client message ID
    sent again is answered once."""

    retry_after = 2


class Throttled(BankChatError, code="throttled", detail="Too many requests; please wait and try again"):
    """Refused for now; ``retry_after`` is the number of seconds to wait (at least 1)."""

    def __init__(self, retry_after: int, detail: str | None = None) -> None:
        super().__init__(detail)
        self.retry_after = max(1, int(retry_after))


class TooManyAttempts(
    Throttled, code="too_many_attempts", detail="Too many sign-in attempts; please wait and try again"
):
    """Sign-in refused without checking the password: too many recent failures."""


class RateLimited(Throttled, code="rate_limited", detail="You are doing that too often; please wait and try again"):
    """A user sends messages or starts conversations faster than the limit allows."""


__all__ = [
    "AccountNotFound",
    "AgentsUnavailable",
    "AlreadyEnrolled",
    "ApprovalNotFound",
    "ApprovalNotNeeded",
    "ApprovalRefused",
    "ApprovalRequired",
    "AuthError",
    "AuthenticatorNotFound",
    "BankChatError",
    "CardActionRejected",
    "CardNotFound",
    "Conflict",
    "DisputeNotFound",
    "DisputeRefused",
    "DuplicatePayee",
    "DuplicateUser",
    "Forbidden",
    "HandoffNotFound",
    "InvalidBankDetails",
    "InvalidCredentials",
    "InvalidCursor",
    "InvalidInput",
    "InvalidLink",
    "InvalidMonth",
    "InvalidPayeeName",
    "InvalidToken",
    "LinkExpired",
    "MissingSessionId",
    "NotAManager",
    "NotDisputable",
    "NotFound",
    "OwnPayment",
    "PayeeNotFound",
    "RateLimited",
    "ReplyStopped",
    "ReviewNotFound",
    "ReviewRefused",
    "SessionClosed",
    "SessionNotFound",
    "StandingOrderNotFound",
    "StandingOrderRejected",
    "StatementNotFound",
    "TextTooLong",
    "Throttled",
    "TooManyAttempts",
    "TransactionNotFound",
    "TransferRejected",
    "UnreadableText",
]
