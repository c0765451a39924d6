"""Structured lifecycle logs: one JSON object per line, never a secret.

``redact`` is the one place that knows what a secret looks like in text: cookie
and ``Authorization`` header values, bearer tokens, our own ``bct_`` tokens (the
sign-in cookie's value and API tokens), ``accessToken`` and password values, and the
signature of a statement's download link.
``install_redaction`` runs it on every log record of the process (ours, Reflex's,
granian's, any library's) as the record is made, before any handler sees it:
Reflex logs a failed event with its whole router data, headers and cookie included.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
from datetime import UTC, datetime
from typing import Any

_FIELDS = "bankchat_fields"
_redaction_installed = False

REDACTED = "[redacted]"
_Q = r"""['"]?"""
_SECRETS: list[re.Pattern[str]] = [
    # Header values, whole: `'cookie': '…'`, `Cookie: …`, `"authorization": "Bearer …"`, set-cookie too.
    re.compile(rf"((?:set-)?cookie{_Q}\s*[:=]\s*{_Q}|(?:proxy-)?authorization{_Q}\s*[:=]\s*{_Q})[^'\"\r\n]+", re.I),
    # Key-value secrets in JSON, reprs, query strings: accessToken, access_token, password, api_key, secret,
    # and a statement download link's signature (a credential for minutes).
    re.compile(
        rf"((?:access|refresh)_?token{_Q}\s*[:=]\s*{_Q}|(?:password|api_?key|secret(?:_key)?|signature){_Q}\s*[:=]\s*{_Q})"
        r"[^'\"\s,;&}]+",
        re.I,
    ),
    re.compile(r"\b(Bearer\s+)[A-Za-z0-9._~+/=-]{16,}", re.I),  # 16+: "Bearer authentication" stays prose
    re.compile(r"()\bbct_[A-Za-z0-9_-]+"),  # our token format (API tokens, the sign-in cookie), anywhere
]


_CLUES = ("cookie", "authorization", "token", "password", "api", "secret", "bearer", "bct_", "signature")
"""A word each pattern above needs in the text, lowercased: a line with none of them (and no cookie name) has
nothing to redact. Only for ASCII text, where ``re.I`` is exactly ``str.lower``; beyond it ``re.I`` also matches
"ſ" for "s" and "ı" for "i", so other text always runs every pattern."""


def redact(text: str, *, cookie_names: tuple[str, ...] = ("bankchat_auth",)) -> str:
    """``text`` with every secret value replaced by ``[redacted]`` (the names around it stay readable)."""
    if text.isascii():  # most lines hold no secret: one lowercase scan instead of every pattern
        folded = text.lower()
        if not any(clue in folded for clue in _CLUES) and not any(name.lower() in folded for name in cookie_names):
            return text
    for pattern in _SECRETS:
        text = pattern.sub(rf"\1{REDACTED}", text)
    for name in cookie_names:
        text = re.sub(rf"({re.escape(name)}=)[^;\s'\"]+", rf"\1{REDACTED}", text)
    return text


class RedactSecrets(logging.Filter):
    """Rewrites a record so that its message, arguments and traceback pass through ``redact``.

    The message is formatted once and stored without arguments. A traceback that
    held a secret is inlined into the message, redacted (handlers such as Reflex's
    rich console re-format ``exc_info`` themselves); a clean one is left as it is.
    """

    def __init__(self, cookie_names: tuple[str, ...] = ("bankchat_auth",)) -> None:
        super().__init__()
        self.cookie_names = cookie_names

    def filter(self, record: logging.LogRecord) -> bool:
        clean = self._redact
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string: log what we can
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = clean(message), ()
        if record.exc_info and record.exc_info[0] is not None:
            text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
            if clean(text) != text:
                record.msg = f"{record.msg}\n{clean(text)}"
                record.exc_info, record.exc_text = None, None
        elif record.exc_text:
            record.exc_text = clean(record.exc_text)
        if record.stack_info:
            record.stack_info = clean(record.stack_info)
        fields = getattr(record, _FIELDS, None)
        if isinstance(fields, dict):
            setattr(record, _FIELDS, {k: clean(v) if isinstance(v, str) else v for k, v in fields.items()})
        return True

    def _redact(self, text: str) -> str:
        return redact(text, cookie_names=self.cookie_names)


def install_redaction(cookie_names: tuple[str, ...] = ("bankchat_auth",)) -> None:
    """Redact every log record this process makes, once: a record factory runs ``RedactSecrets``.

    A factory, not a handler filter, because handlers come and go (Reflex attaches
    its sinks to the ``reflex`` logger, granian re-configures logging in each
    worker) and a logger's filters miss records from its children.
    """
    global _redaction_installed
    if _redaction_installed:
        return
    _redaction_installed = True
    previous = logging.getLogRecordFactory()
    secrets_filter = RedactSecrets(cookie_names)

    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        secrets_filter.filter(record)
        return record

    logging.setLogRecordFactory(make_record)


class JsonFormatter(logging.Formatter):
    """Formats a record as ``{"ts", "level", "logger", "message", ...fields}``."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        data.update(getattr(record, _FIELDS, {}))
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str)


def configure(*, json_lines: bool = True, level: int = logging.INFO) -> None:
    """Send ``bankchat.*`` logs to stderr, once per process; redact secrets from every log record."""
    from bankchat.settings import get_settings

    install_redaction((get_settings().cookie_name,))
    root = logging.getLogger("bankchat")
    if any(getattr(h, "_bankchat", False) for h in root.handlers):
        return
    handler = logging.StreamHandler()
    handler._bankchat = True  # type: ignore[attr-defined]
    # ``extra=`` fields are set after the record factory ran: the handler redacts them.
    handler.addFilter(RedactSecrets((get_settings().cookie_name,)))
    handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    root.propagate = False


def event(logger: logging.Logger, message: str, *, level: int = logging.INFO, **fields: Any) -> None:
    """Log ``message`` with structured ``fields`` (session and user IDs, never secrets)."""
    logger.log(level, message, extra={_FIELDS: fields})
