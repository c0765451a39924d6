"""Reflex's client (state) tokens never reach a log.

Reflex names a tab's state by a browser-made UUID and logs it ("Attempting to send
delta to disconnected client '<token>'", "... for token <token>"). Whoever reads the
log must not be able to take a tab over, so records of Reflex and its servers are
masked as they are made (a record factory: handlers come and go, and a logger's
filters miss its children's records). Secrets in general are ``logs.redact``'s.
"""

from __future__ import annotations

import logging
import re
from typing import Any

CLIENT_TOKEN = re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")
CLIENT_TOKEN_MASK = "<client-token>"  # noqa: S105 - a placeholder, not a secret
TOKEN_LOGGERS = ("reflex", "socketio", "engineio", "granian", "uvicorn", "starlette")
"""Loggers that may write a client token (ours never do)."""


def mask_client_tokens(text: str) -> str:
    """``text`` with every client token (a UUID) replaced by ``CLIENT_TOKEN_MASK``."""
    return CLIENT_TOKEN.sub(CLIENT_TOKEN_MASK, text)


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """Format ``record``'s message once, client tokens masked (records of ``TOKEN_LOGGERS`` only)."""
    if record.name.startswith(TOKEN_LOGGERS):
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format is the handler's to report
            return record
        record.msg, record.args = mask_client_tokens(message), ()
        if record.exc_text:
            record.exc_text = mask_client_tokens(record.exc_text)
    return record


def install() -> None:
    """Mask client tokens in every record this process makes (once per process)."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "_bankchat_client_tokens", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return mask_record(previous(*args, **kwargs))

    factory._bankchat_client_tokens = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
