"""An OpenAI-compatible chat-completions client over httpx: streamed, retried, never trusted.

Every failure is one exception, ``LLMUnavailable``, whose ``reason`` is a short code; the caller
falls back to the embedded agents on any of them:

LLMUnavailable.reason
├── connect        the endpoint could not be reached                      (retried)
├── timeout        no connection, or no bytes for ``timeout_seconds``     (retried)
├── network        the connection broke                                   (retried)
├── http_<status>  http_429 and http_5xx (retried); http_400, http_401 …  (not retried)
├── bad_stream     not SSE or JSON, malformed, or cut short before [DONE]
├── stream_error   the server reported an error inside the stream
└── empty          the answer held no text

Retries happen only before the first chunk has been yielded: text already shown is never repeated.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx

from bankchat.agents.llm.config import LLMConfig
from bankchat.agents.llm.wire import AttemptFailed, retry_after_seconds, stream_text, tool_calls, whole_answer
from bankchat.logs import event

log = logging.getLogger("bankchat.llm")


class LLMUnavailable(Exception):
    """The LLM gave no usable answer; ``reason`` says why in a short code."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class LLMClient:
    """Calls ``{base_url}/chat/completions``; one instance is shared by all turns (it pools connections)."""

    def __init__(
        self,
        config: LLMConfig,
        transport: httpx.BaseTransport | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config
        self._sleep = sleep
        timeout = httpx.Timeout(config.timeout_seconds, connect=config.connect_timeout_seconds)
        self._http = httpx.Client(transport=transport, timeout=timeout, follow_redirects=False)
        self._headers = {"Accept": "text/event-stream", "User-Agent": "BankChat"}
        if config.api_key:
            self._headers["Authorization"] = f"Bearer {config.api_key}"

    def stream_reply(self, messages: list[dict[str, str]]) -> Iterator[str]:
        """Yield the answer's text chunks as they arrive.

        Raises:
            LLMUnavailable: on any failure, including a stream that breaks after some chunks.
        """
        body: dict[str, Any] = {
            "model": self.config.model,
            "messages": messages,
            "stream": True,
            "temperature": self.config.temperature,
            "max_tokens": self.config.max_tokens,
        }
        attempt = 0
        while True:
            started = False
            try:
                for chunk in self._attempt(body):
                    started = True
                    yield chunk
                return
            except AttemptFailed as failure:
                delay = None if started else self._retry_delay(failure, attempt)
                event(
                    log,
                    "llm call failed",
                    level=logging.WARNING,
                    reason=failure.reason,
                    attempt=attempt + 1,
                    retrying=delay is not None,
                    model=self.config.model,
                )
                if delay is None:
                    raise LLMUnavailable(failure.reason) from failure
                self._sleep(delay)
            attempt += 1

    def call_tools(self, messages: list[dict[str, str]], tools: list[dict[str, Any]]) -> list[tuple[str, str]]:
        """The functions the model calls for ``messages``, as ``(name, JSON arguments)``, in order (not streamed).

        Raises:
            LLMUnavailable: on any failure, including an answer that calls no function.
        """
        body: dict[str, Any] = {
            "model": self.config.model,
            "messages": messages,
            "tools": tools,
            "tool_choice": "required",
            "temperature": 0,
            "max_tokens": self.config.max_tokens,
        }
        attempt = 0
        while True:
            try:
                return self._post_for_tools(body)
            except AttemptFailed as failure:
                delay = self._retry_delay(failure, attempt)
                event(log, "llm tool call failed", level=logging.WARNING, reason=failure.reason, attempt=attempt + 1)
                if delay is None:
                    raise LLMUnavailable(failure.reason) from failure
                self._sleep(delay)
            attempt += 1

    def _post_for_tools(self, body: dict[str, Any]) -> list[tuple[str, str]]:
        headers = {**self._headers, "Accept": "application/json"}
        try:
            response = self._http.post(self.config.completions_url, json=body, headers=headers)
        except httpx.TransportError as exc:
            raise _transport_failure(exc) from exc
        if not response.is_success:
            raise _status_failure(response)
        return tool_calls(response.content)

    def complete(self, messages: list[dict[str, str]]) -> str:
        """The whole answer as one string.

        Raises:
            LLMUnavailable: on any failure.
        """
        return "".join(self.stream_reply(messages))

    def close(self) -> None:
        """Close pooled connections."""
        self._http.close()

    def __enter__(self) -> LLMClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _retry_delay(self, failure: AttemptFailed, attempt: int) -> float | None:
        """Seconds to wait before the next attempt; None when there is to be no next attempt."""
        if not failure.retryable or attempt >= self.config.retries:
            return None
        if failure.retry_after is not None:
            # A server asking for a longer pause than we can make the customer wait is not retried early.
            return failure.retry_after if failure.retry_after <= self.config.max_retry_after_seconds else None
        return min(self.config.backoff_seconds * 2.0**attempt, self.config.max_backoff_seconds)

    def _attempt(self, body: dict[str, Any]) -> Iterator[str]:
        try:
            with self._http.stream("POST", self.config.completions_url, json=body, headers=self._headers) as response:
                if not response.is_success:
                    raise _status_failure(response)
                if response.headers.get("content-type", "").startswith("application/json"):
                    # A server that ignores ``stream`` answers with one JSON document.
                    yield whole_answer(response.read())
                    return
                yield from stream_text(response.iter_lines())
        except httpx.TransportError as exc:
            raise _transport_failure(exc) from exc
        except httpx.HTTPError as exc:
            raise AttemptFailed("bad_stream") from exc


def _transport_failure(exc: httpx.TransportError) -> AttemptFailed:
    """No answer came (a timeout, no connection, a broken network): worth another attempt."""
    if isinstance(exc, httpx.TimeoutException):
        return AttemptFailed("timeout", retryable=True)
    if isinstance(exc, httpx.ConnectError):
        return AttemptFailed("connect", retryable=True)
    return AttemptFailed("network", retryable=True)


def _status_failure(response: httpx.Response) -> AttemptFailed:
    status = response.status_code
    if status == 429 or status >= 500:
        retry_after = retry_after_seconds(response.headers.get("retry-after"))
        return AttemptFailed(f"http_{status}", retryable=True, retry_after=retry_after)
    return AttemptFailed(f"http_{status}")
