"""A real OpenAI-compatible HTTP server for tests: scripted answers, recorded requests.

    with FakeLLM() as fake:
        fake.push(Status(500), Stream(["Hel", "lo"]))
        ...  # point an LLMClient at fake.base_url
        assert len(fake.requests) == 2

Each request to ``POST /v1/chat/completions`` takes the next scripted response (``default`` when none is
left): streamed as SSE when the request asks for ``stream``, else as one JSON document.
"""

from __future__ import annotations

import json
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PATH = "/v1/chat/completions"
PAUSE_LIMIT_SECONDS = 30.0
"""How long a ``pause_after`` stream waits for ``resume()`` before going on by itself."""


@dataclass(frozen=True)
class Stream:
    """A completion, sent chunk by chunk."""

    chunks: list[str]
    """The text pieces, each one SSE event."""
    delay: float = 0.0
    """Seconds to wait before answering (to trigger the client's timeout)."""
    break_after: int | None = None
    """Drop the connection after this many chunks."""
    pause_after: int | None = None
    """After this many chunks, wait for ``FakeLLM.resume()`` (to see that the client yields early)."""
    done: bool = True
    """End with a ``finish_reason`` and ``data: [DONE]``; False ends the body without them."""


@dataclass(frozen=True)
class Status:
    """An error answer."""

    status: int
    """The HTTP status, e.g. 429 or 500."""
    retry_after: float | str | None = None
    """The ``Retry-After`` header, if any."""
    delay: float = 0.0
    """Seconds to wait before answering."""


@dataclass(frozen=True)
class Raw:
    """A 200 answer whose body is ``lines`` joined by newlines, sent as they are (malformed streams)."""

    lines: list[str]
    """The body's lines."""
    content_type: str = "text/event-stream"
    """The answer's Content-Type."""
    delay: float = 0.0
    """Seconds to wait before answering."""


@dataclass(frozen=True)
class Tools:
    """A complete (non-streamed) answer that calls functions: ``(name, arguments)`` pairs.

    Arguments given as a dict are sent as JSON text; a str is sent as it is (malformed JSON on purpose).
    """

    calls: list[tuple[str, dict[str, Any] | str]]
    delay: float = 0.0
    """Seconds to wait before answering."""


Response = Stream | Status | Raw | Tools


@dataclass(frozen=True)
class RecordedRequest:
    """One request the server received."""

    method: str
    path: str
    headers: dict[str, str]
    """Header names in lower case."""
    body: Any
    """The parsed JSON body (None when it was not JSON)."""


@dataclass
class FakeLLM:
    """The server; start it with ``with`` (or ``start()``/``stop()``)."""

    default: Response = field(default_factory=lambda: Stream(["Hello", " from", " the fake model."]))
    """The answer once the script is used up."""
    requests: list[RecordedRequest] = field(default_factory=list)
    """Every request received, in order."""
    pause_timed_out: bool = False
    """True when a ``pause_after`` stream waited in vain for ``resume()``."""

    def __post_init__(self) -> None:
        self._script: list[Response] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._resume = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """The API root to configure a client with, ``http://127.0.0.1:PORT/v1``."""
        assert self._server is not None, "the fake LLM is not running"
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def push(self, *responses: Response) -> None:
        """Queue the answers to the next requests, in order."""
        with self._lock:
            self._script.extend(responses)

    def resume(self) -> None:
        """Let a stream held by ``pause_after`` continue."""
        self._resume.set()

    def start(self) -> FakeLLM:
        """Listen on a free port of 127.0.0.1 in a background thread."""
        server = _Server(("127.0.0.1", 0), _Handler)
        server.fake = self
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening and wake any handler that is waiting."""
        self._stopping.set()
        self._resume.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeLLM:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _next(self, request: RecordedRequest) -> Response:
        with self._lock:
            self.requests.append(request)
            return self._script.pop(0) if self._script else self.default

    def _wait(self, seconds: float) -> None:
        self._stopping.wait(seconds)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a handler waiting out a scripted delay must not hold up stop()
    fake: FakeLLM

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # a client that hung up, as the timeout and broken-stream tests make it do
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean

    def do_POST(self) -> None:
        fake = self.server.fake
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        headers = {name.lower(): value for name, value in self.headers.items()}
        if self.path != PATH:
            fake._next(RecordedRequest("POST", self.path, headers, body))
            self._send_json(404, {"error": {"message": "not found", "type": "invalid_request_error"}})
            return
        response = fake._next(RecordedRequest("POST", self.path, headers, body))
        fake._wait(response.delay)
        try:
            if isinstance(response, Status):
                self._send_status(response)
            elif isinstance(response, Raw):
                self._send_raw(response)
            elif isinstance(response, Tools):
                self._send_json(200, _tool_completion(response, str((body or {}).get("model", ""))))
            elif isinstance(body, dict) and body.get("stream"):
                self._send_stream(fake, response, str(body.get("model", "")))
            else:
                self._send_json(200, _completion("".join(response.chunks), str((body or {}).get("model", ""))))
        except OSError:  # the client hung up (e.g. it timed out first)
            self.close_connection = True

    def _send_json(self, status: int, payload: dict[str, Any], extra: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _send_status(self, response: Status) -> None:
        extra = {} if response.retry_after is None else {"Retry-After": str(response.retry_after)}
        error = {"message": f"scripted {response.status}", "type": "server_error", "code": response.status}
        self._send_json(response.status, {"error": error}, extra)

    def _send_raw(self, response: Raw) -> None:
        data = "\n".join(response.lines).encode()
        self.send_response(200)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _send_stream(self, fake: FakeLLM, response: Stream, model: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self._write_chunk(b": keep-alive\n\n")
        self._write_event(_chunk(model, {"role": "assistant", "content": ""}))
        for sent, text in enumerate(response.chunks):
            if sent == response.break_after:
                self.close_connection = True  # ends the body without its last chunk: a broken stream
                return
            if sent == response.pause_after:
                if not fake._resume.wait(PAUSE_LIMIT_SECONDS):
                    fake.pause_timed_out = True
                fake._resume.clear()  # the next paused stream waits for its own resume()
            self._write_event(_chunk(model, {"content": text}))
        if response.break_after is not None and response.break_after >= len(response.chunks):
            self.close_connection = True
            return
        if response.done:
            self._write_event(_chunk(model, {}, finish_reason="stop"))
            self._write_chunk(b"data: [DONE]\n\n")
        self._write_chunk(b"")

    def _write_event(self, payload: dict[str, Any]) -> None:
        self._write_chunk(f"data: {json.dumps(payload)}\n\n".encode())

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()


def _chunk(model: str, delta: dict[str, str], finish_reason: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
    }


def _completion(text: str, model: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
    }


def _tool_completion(response: Tools, model: str) -> dict[str, Any]:
    calls = [
        {
            "id": f"call_{i}",
            "type": "function",
            "function": {"name": name, "arguments": args if isinstance(args, str) else json.dumps(args)},
        }
        for i, (name, args) in enumerate(response.calls)
    ]
    message = {"role": "assistant", "content": None, "tool_calls": calls}
    return {"id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}]}  # fmt: skip
