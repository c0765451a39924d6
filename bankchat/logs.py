"""Structured lifecycle logs: one JSON object per line, never a secret."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

_FIELDS = "bankchat_fields"


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
    """Send ``bankchat.*`` logs to stderr, once per process."""
    root = logging.getLogger("bankchat")
    if any(getattr(h, "_bankchat", False) for h in root.handlers):
        return
    handler = logging.StreamHandler()
    handler._bankchat = True  # type: ignore[attr-defined]
    handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    root.propagate = False


def event(logger: logging.Logger, message: str, *, level: int = logging.INFO, **fields: Any) -> None:
    """Log ``message`` with structured ``fields`` (session and user IDs, never secrets)."""
    logger.log(level, message, extra={_FIELDS: fields})
