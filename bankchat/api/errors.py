"""Maps BankChat's errors (and FastAPI's) to statuses with a JSON ``{detail, code}`` body."""

from __future__ import annotations

import asyncio
import logging
from typing import TypedDict

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from bankchat import errors, logs
from bankchat.api.client import client_address
from bankchat.api.schemas import ErrorOut
from bankchat.services import metrics

log = logging.getLogger("bankchat.api")


class BadOrigin(errors.Forbidden):
    """A cookie route called from a foreign site (CSRF protection)."""

    code = "bad_origin"
    default_detail = "This request must come from BankChat's own site"


STATUS: tuple[tuple[type[errors.BankChatError], int], ...] = (
    (errors.MissingSessionId, 400),
    (errors.InvalidInput, 422),
    (errors.InvalidCredentials, 401),
    (errors.InvalidToken, 401),
    (errors.LinkExpired, 410),
    (errors.Forbidden, 403),
    (errors.AccountNotFound, 404),
    (errors.CardNotFound, 404),
    (errors.PayeeNotFound, 404),
    (errors.NotFound, 404),
    (errors.TransferRejected, 409),
    (errors.CardActionRejected, 409),
    (errors.DuplicatePayee, 409),
    (errors.Conflict, 409),
    (errors.Throttled, 429),
    (errors.AgentsUnavailable, 503),
)


_MEANING = {
    400: "Missing input (code `missing_session_id`)",
    401: "Not signed in, or a wrong username or password",
    403: "Not allowed",
    410: "Gone: a download link past its expiry (code `link_expired`)",
    404: "Not found (another user's session or account answers the same)",
    409: "The session is closed or expired, or the bank refused the action (`code` says why)",
    422: "Invalid input (an invalid sort code, account number or IBAN: `invalid_bank_details`)",
    429: "Too many attempts (`too_many_attempts`) or requests (`rate_limited`); wait `Retry-After` seconds",
}


_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again", "schema": {"type": "integer"}}}


def documented(*statuses: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI ``responses=`` entries for the error statuses a route may answer."""
    return {
        status: {
            "model": ErrorOut,
            "description": _MEANING[status],
            **({"headers": _RETRY_AFTER} if status == 429 else {}),
        }
        for status in statuses
    }


def text_answer(media_type: str, description: str) -> dict[int | str, dict[str, object]]:
    """The OpenAPI ``responses=`` entry for a 200 whose body is text of ``media_type`` rather than JSON."""
    return {200: {"content": {media_type: {"schema": {"type": "string"}}}, "description": description}}


class _NoContent(TypedDict):
    status_code: int
    response_class: type[Response]


NO_CONTENT = _NoContent(status_code=204, response_class=Response)
"""A route's options (``**NO_CONTENT``) when it answers 204 with no body."""


def status_for(exc: errors.BankChatError) -> int:
    """The HTTP status for a BankChat error (the most specific class wins)."""
    for cls, status in STATUS:
        if isinstance(exc, cls):
            return status
    return 400


def error_response(status: int, detail: str, code: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """A JSON error body."""
    return JSONResponse({"detail": detail, "code": code}, status_code=status, headers=headers)


def install_error_handlers(api: FastAPI) -> None:
    """Every error leaves the API as ``{detail, code}``; nothing leaks a stack trace."""

    @api.exception_handler(errors.BankChatError)
    async def _bankchat_error(request: Request, exc: errors.BankChatError) -> JSONResponse:
        status = status_for(exc)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        if isinstance(exc, errors.Throttled | errors.AgentsUnavailable):
            headers = {"Retry-After": str(exc.retry_after)}
        if status in (401, 403):
            logs.event(
                log,
                "Authorization failed",
                level=logging.WARNING,
                method=request.method,
                path=request.url.path,
                code=exc.code,
                address=client_address(request),
            )
        await asyncio.to_thread(metrics.count_error, exc.code)
        return error_response(status, exc.detail, exc.code, headers)

    @api.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        msg = first.get("msg", "Invalid request")
        await asyncio.to_thread(metrics.count_error, "invalid_request")
        return error_response(422, f"{where}: {msg}" if where else msg, "invalid_request")

    @api.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}.get(
            exc.status_code, "http_error"
        )
        return error_response(exc.status_code, str(exc.detail), code, getattr(exc, "headers", None))

    @api.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("Unhandled error on %s", request.url.path)
        await asyncio.to_thread(metrics.count_error, "internal_error")
        return error_response(500, "Internal error; it has been logged", "internal_error")
