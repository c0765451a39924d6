"""The chat-completions wire format: server-sent events, whole JSON answers and ``Retry-After``."""

from __future__ import annotations

import email.utils
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any


class AttemptFailed(Exception):
    """One attempt failed; whether another attempt may help, and after how long the server asked."""

    def __init__(self, reason: str, *, retryable: bool = False, retry_after: float | None = None) -> None:
        self.reason = reason
        self.retryable = retryable
        self.retry_after = retry_after
        super().__init__(reason)


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` in seconds (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return max(0.0, seconds) if seconds == seconds else None  # NaN is unreadable


def stream_text(lines: Iterable[str]) -> Iterator[str]:
    """The ``choices[0].delta.content`` of each ``data:`` event until ``[DONE]``."""
    finished = has_text = False
    for line in lines:
        if not line.startswith("data:"):
            continue  # blank separators, ": keep-alive" comments, event:/id:/retry: fields
        data = line[5:].strip()
        if data == "[DONE]":
            finished = True
            break
        if not data:
            continue
        choice = _first_choice(_json(data))
        if choice is None:
            continue
        delta = choice.get("delta")
        content = delta.get("content") if isinstance(delta, dict) else None
        if isinstance(content, str) and content:
            has_text = has_text or bool(content.strip())
            yield content
        finished = finished or choice.get("finish_reason") is not None
    if not finished:
        raise AttemptFailed("bad_stream")
    if not has_text:
        raise AttemptFailed("empty")


def whole_answer(raw: bytes) -> str:
    """``choices[0].message.content`` of a complete (non-streamed) answer."""
    choice = _first_choice(_json(raw))
    message = choice.get("message") if choice else None
    content = message.get("content") if isinstance(message, dict) else None
    if not isinstance(content, str) or not content.strip():
        raise AttemptFailed("empty")
    return content


def tool_calls(raw: bytes) -> list[tuple[str, str]]:
    """The ``(name, arguments)`` of each function call in ``choices[0].message.tool_calls``, in order.

    Raises:
        AttemptFailed: ``bad_stream`` when the answer is not the expected shape, ``empty`` when it calls nothing.
    """
    choice = _first_choice(_json(raw))
    message = choice.get("message") if choice else None
    calls = message.get("tool_calls") if isinstance(message, dict) else None
    if not calls:
        raise AttemptFailed("empty")
    if not isinstance(calls, list):
        raise AttemptFailed("bad_stream")
    found: list[tuple[str, str]] = []
    for call in calls:
        function = call.get("function") if isinstance(call, dict) else None
        name = function.get("name") if isinstance(function, dict) else None
        arguments = function.get("arguments", "{}") if isinstance(function, dict) else None
        if not isinstance(name, str) or not isinstance(arguments, str):
            raise AttemptFailed("bad_stream")
        found.append((name, arguments))
    return found


def _json(data: str | bytes) -> dict[str, Any]:
    try:
        payload = json.loads(data)
    except ValueError:
        raise AttemptFailed("bad_stream") from None
    if not isinstance(payload, dict):
        raise AttemptFailed("bad_stream")
    if payload.get("error"):
        raise AttemptFailed("stream_error")
    return payload


def _first_choice(payload: dict[str, Any]) -> dict[str, Any] | None:
    """``choices[0]``; None for a chunk without choices (e.g. a usage report)."""
    choices = payload.get("choices")
    if choices is None or choices == []:
        return None
    if not isinstance(choices, list) or not isinstance(choices[0], dict):
        raise AttemptFailed("bad_stream")
    return choices[0]
